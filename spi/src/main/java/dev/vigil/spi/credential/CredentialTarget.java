package dev.vigil.spi.credential;

/**
 * The integrated system or device a credential opens (a CA connector's API, a device's admin
 * account, an SSH or API endpoint), as credential rotation drives it: change the secret, and ask
 * whether a secret works.
 *
 * <p>Implementations must apply their own timeouts, be safe for use by several threads at once, and
 * never put a secret in an exception message or a log line.
 */
public interface CredentialTarget {

    /**
     * Sets the credential's secret on the system, authenticating with the current one. For a
     * password or token, the system is given {@link Secret#text() next's text}; for a key pair, its
     * {@link Secret#publicKey() public key} (the private key stays in the store).
     *
     * @param credential the credential; not null
     * @param current the secret the system accepts now; not null
     * @param next the secret to set; not null
     * @throws RuntimeException if the system is unreachable or refuses the change. The change may
     *     still have been applied (a lost reply); the job then asks {@link #verify} which secret the
     *     system accepts, so an implementation need not tell the cases apart.
     */
    void change(ManagedCredential credential, Secret current, Secret next);

    /**
     * Asks the system whether it accepts a secret: logs in with the password or token, or proves
     * possession of the private key. Must not change anything; must not count as a failed login
     * that could lock the account out, where the system allows that.
     *
     * @param credential the credential; not null
     * @param secret the secret to try; not null
     * @return whether the system accepts it
     * @throws RuntimeException if the system cannot be asked (unreachable, timed out); the job then
     *     changes nothing more and keeps every stored secret
     */
    boolean verify(ManagedCredential credential, Secret secret);
}
