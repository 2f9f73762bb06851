/**
 * What the certificate jobs ({@code jobs-cert}) need from the host: its certificate inventory, its
 * trust anchors, its CA connectors, the CT log list it trusts, and optionally its own URL fetcher and
 * CAA lookup. The jobs read the inventory page by page and write back one
 * {@link dev.vigil.spi.cert.CheckRecord} per certificate and check; the algorithms (expiry, lints,
 * weak keys, chains, CRLs, OCSP, CT, CAA) are Vigil's.
 */
package dev.vigil.spi.cert;
