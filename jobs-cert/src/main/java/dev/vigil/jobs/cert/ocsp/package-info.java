/**
 * OCSP checking for {@code cert.revoke-status-check}: {@link dev.vigil.jobs.cert.ocsp.OcspClient}
 * asks the responders a certificate names (AIA id-ad-ocsp) and verifies what they answer.
 * Internal to the module: not exported.
 */
package dev.vigil.jobs.cert.ocsp;
