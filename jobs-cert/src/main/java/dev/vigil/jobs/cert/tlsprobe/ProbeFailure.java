package dev.vigil.jobs.cert.tlsprobe;

/**
 * Why a probe could not decide, as one line for people: the server's answer is not TLS, is truncated or
 * too long. Becomes an {@link ProbeOutcome#ERROR} result; never leaves the package. The message never
 * holds bytes the server sent.
 */
final class ProbeFailure extends Exception {
    ProbeFailure(String message) {
        super(message, null, false, false);
    }
}
