package dev.vigil.jobs.cert.tlsprobe;

/**
 * A TLS alert (RFC 5246, section 7.2).
 *
 * @param level 1 warning, 2 fatal
 * @param description the alert code, e.g. {@link #HANDSHAKE_FAILURE}
 */
record Alert(int level, int description) {
    static final int HANDSHAKE_FAILURE = 40;
    static final int PROTOCOL_VERSION = 70;
    static final int FATAL = 2;

    /** @throws ProbeFailure if the record is not two bytes long */
    static Alert parse(TlsRecord record) throws ProbeFailure {
        if (record.fragment().length != 2) {
            throw new ProbeFailure("malformed alert: " + record.fragment().length + " bytes instead of 2");
        }
        return new Alert(record.fragment()[0] & 0xFF, record.fragment()[1] & 0xFF);
    }

    /** @return e.g. {@code fatal alert handshake_failure(40)} */
    @Override
    public String toString() {
        return (level == FATAL ? "fatal" : level == 1 ? "warning" : "level-" + level) + " alert "
                + descriptionName() + "(" + description + ")";
    }

    private String descriptionName() {
        return switch (description) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 22 -> "record_overflow";
            case 40 -> "handshake_failure";
            case 47 -> "illegal_parameter";
            case 50 -> "decode_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 90 -> "user_canceled";
            case 109 -> "missing_extension";
            case 110 -> "unsupported_extension";
            case 112 -> "unrecognized_name";
            default -> "unknown";
        };
    }
}
