/** The store SPI: the one interface a host implements to keep Vigil's state in its own database. */
package dev.vigil.spi.store;
