/**
 * What the certificate jobs ({@code jobs-cert}) need from the host: its certificate inventory, its
 * trust anchors, its CA connectors, the CT log list it trusts, and optionally its own URL fetcher and
 * CAA lookup. The jobs read the inventory page by page and write back one
 * {@link dev.vigil.spi.cert.CheckRecord} per certificate and check; the algorithms (expiry, lints,
 * weak keys, chains, CRLs, OCSP, CT, CAA) are Vigil's.
 *
 * <p>For renewal and regeneration the host also supplies its renewal records
 * ({@link dev.vigil.spi.cert.CertificateRenewals}, compare-and-set, one per certificate) and its key
 * storage ({@link dev.vigil.spi.cert.CertificateKeys}, which signs with existing keys and holds new
 * ones pending), and its CA connectors take orders ({@link dev.vigil.spi.cert.CaConnector#submit},
 * idempotent per request id).
 */
package dev.vigil.spi.cert;
