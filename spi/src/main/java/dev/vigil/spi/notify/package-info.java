/** Notifications to people and the notifier a host implements. */
package dev.vigil.spi.notify;
