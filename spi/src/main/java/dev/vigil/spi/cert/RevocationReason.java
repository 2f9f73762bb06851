package dev.vigil.spi.cert;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a certificate was revoked: the {@code CRLReason} codes of RFC 5280 §5.3.1, with the numbers
 * that go into a CRL entry's {@code reasonCode} extension. Code 7 is unused by the RFC.
 */
public enum RevocationReason {
    /** 0: no reason given; a CRL entry with this reason carries no {@code reasonCode} extension. */
    UNSPECIFIED(0),
    /** 1: the certificate's private key is (suspected to be) compromised. */
    KEY_COMPROMISE(1),
    /** 2: the CA's private key is (suspected to be) compromised. */
    CA_COMPROMISE(2),
    /** 3: the subject's name or other information changed. */
    AFFILIATION_CHANGED(3),
    /** 4: the certificate was replaced by another. */
    SUPERSEDED(4),
    /** 5: the certificate is no longer needed. */
    CESSATION_OF_OPERATION(5),
    /** 6: the certificate is on hold, and may be released from it. */
    CERTIFICATE_HOLD(6),
    /**
     * 8: only in a delta CRL, for a certificate released from hold; a full CRL simply no longer
     * lists it, so {@link RevokedCertificate} does not accept this reason.
     */
    REMOVE_FROM_CRL(8),
    /** 9: a privilege in the certificate was withdrawn. */
    PRIVILEGE_WITHDRAWN(9),
    /** 10: the attribute authority is (suspected to be) compromised. */
    AA_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** @return the RFC 5280 code, as in a CRL entry's {@code reasonCode} extension */
    public int code() {
        return code;
    }

    /** @return the name RFC 5280 gives the reason, e.g. {@code keyCompromise} */
    public String rfcName() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return out.toString();
    }

    /**
     * @param code an RFC 5280 reason code
     * @return the reason with that code; empty for 7 and for codes outside 0–10
     */
    public static Optional<RevocationReason> ofCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
