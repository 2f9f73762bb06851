package dev.vigil.jobs.cert.crl;

import java.util.Optional;

/** The reason codes of a CRL entry (RFC 5280 §5.3.1); code 7 is unused. */
public enum CrlReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    CERTIFICATE_HOLD(6),
    /** Only in a delta CRL: the certificate is no longer revoked (it was on hold). */
    REMOVE_FROM_CRL(8),
    PRIVILEGE_WITHDRAWN(9),
    AA_COMPROMISE(10);

    private static final CrlReason[] BY_CODE = new CrlReason[11];

    static {
        for (CrlReason r : values()) {
            BY_CODE[r.code] = r;
        }
    }

    private final int code;

    CrlReason(int code) {
        this.code = code;
    }

    /** @return the code as it appears in the CRL's {@code reasonCode} extension */
    public int code() {
        return code;
    }

    /** @return the name RFC 5280 gives the reason, e.g. {@code keyCompromise} */
    public String rfcName() {
        String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return out.toString();
    }

    /** @return the reason with that code; empty for 7, negative or unknown codes */
    public static Optional<CrlReason> ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
