package dev.vigil.spi.cert;

import java.util.Objects;

/**
 * One CAA resource record (RFC 8659 §4.1): flags, property tag and property value.
 *
 * @param flags the flags octet, 0 to 255; bit 7 (value 128) is the Issuer Critical Flag
 * @param tag the property tag as published, e.g. {@code issue}; compared without regard to case; not null
 * @param value the property value, each octet as one character (ISO-8859-1); not null, may be empty
 */
public record CaaProperty(int flags, String tag, String value) {
    /** The Issuer Critical Flag in the flags octet. */
    public static final int CRITICAL = 128;

    /** Validates the flags range and presence of tag and value. */
    public CaaProperty {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(value, "value");
        if (flags < 0 || flags > 255) {
            throw new IllegalArgumentException("flags must be an octet (0..255), got " + flags);
        }
    }

    /** @return whether the Issuer Critical Flag is set */
    public boolean critical() {
        return (flags & CRITICAL) != 0;
    }

    /** @return whether the tag is {@code tag}, ignoring case */
    public boolean hasTag(String tag) {
        return this.tag.equalsIgnoreCase(tag);
    }

    /** @return the record in zone file form, e.g. {@code 0 issue "letsencrypt.org"} */
    @Override
    public String toString() {
        return flags + " " + tag + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
