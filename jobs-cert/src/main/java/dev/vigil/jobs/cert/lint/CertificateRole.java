package dev.vigil.jobs.cert.lint;

/** How a certificate is used where it was found, which decides the rules that apply to it. */
public enum CertificateRole {
    /** A subscriber (leaf) certificate, e.g. a server's TLS certificate: every rule applies. */
    END_ENTITY,
    /**
     * A CA certificate (root or intermediate): the algorithm and key rules apply; the subscriber rules
     * (validity limits, subjectAltName, wildcards, cA on a leaf) do not.
     */
    CA
}
