/**
 * What credential rotation ({@code cert.credential-rotation}) needs from the host: its vault of
 * {@link dev.vigil.spi.credential.ManagedCredential managed credentials} (a
 * {@link dev.vigil.spi.credential.CredentialStore}) and the integrated systems whose passwords,
 * tokens or keys they are ({@link dev.vigil.spi.credential.CredentialTargets}). Vigil generates each
 * new secret and drives the rotation; the store keeps every secret; a
 * {@link dev.vigil.spi.credential.Secret} never appears in a log line, an audit event, an exception
 * message or a notification.
 */
package dev.vigil.spi.credential;
