package dev.vigil.spi.device;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A certificate found on a device, unparsed: the job parses it and records a malformed one as
 * that certificate's error.
 *
 * @param der the certificate's encoding as the device gave it (DER, or PEM); copied; not null
 * @param installedAt where on the device it is used, e.g. the virtual servers or profiles that
 *     reference it; may be empty; no blank elements
 */
public record DeviceCertificate(byte[] der, List<String> installedAt) {

    /**
     * Validates and copies (the bytes too).
     *
     * @throws NullPointerException if a component or an element is null
     * @throws IllegalArgumentException if a location is blank
     */
    public DeviceCertificate {
        der = Objects.requireNonNull(der, "der").clone();
        installedAt = List.copyOf(installedAt);
        for (String place : installedAt) {
            if (place.isBlank()) {
                throw new IllegalArgumentException("A certificate's installation place must not be blank");
            }
        }
    }

    /** @param der the encoding @param installedAt where it is used @return a device certificate */
    public static DeviceCertificate of(byte[] der, String... installedAt) {
        return new DeviceCertificate(der, List.of(installedAt));
    }

    /** @return a copy of the encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceCertificate c && Arrays.equals(der, c.der) && installedAt.equals(c.installedAt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(der) + installedAt.hashCode();
    }

    @Override
    public String toString() {
        return "DeviceCertificate[" + der.length + " bytes at " + installedAt + "]";
    }
}
