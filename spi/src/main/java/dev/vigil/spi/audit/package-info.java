/** The audit trail: events that jobs record and the sink a host implements. */
package dev.vigil.spi.audit;
