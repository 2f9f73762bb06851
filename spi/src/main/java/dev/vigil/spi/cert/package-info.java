/**
 * What the certificate jobs ({@code jobs-cert}) need from the host: its certificate inventory,
 * its trust anchors, and its CA connectors. The jobs read the inventory page by page and write back one
 * {@link dev.vigil.spi.cert.CheckRecord} per certificate and check; the algorithms (expiry, lints,
 * weak keys, chains, CRLs, CT, CAA) are Vigil's.
 */
package dev.vigil.spi.cert;
