/**
 * CRL revocation checking for the certificate jobs ({@code cert.crl-revocation-check},
 * {@code cert.crl-download-monitor}): {@link dev.vigil.jobs.cert.crl.CrlRevocationChecker} answers
 * good, revoked or unknown per certificate from the CRLs at its distribution points;
 * {@link dev.vigil.jobs.cert.crl.CrlCache} downloads them through a
 * {@link dev.vigil.spi.cert.UrlFetcher}, verifies them and keeps one
 * {@link dev.vigil.jobs.cert.crl.CrlIndex} per CRL until its nextUpdate. Internal to the module: not
 * exported.
 */
package dev.vigil.jobs.cert.crl;
