package dev.vigil.spi.cert;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CRL an internal CA has published (or is about to publish): its number, its validity and its
 * DER encoding. The bytes are copied in and out, so an instance never changes.
 *
 * @param crlNumber the value of its {@code cRLNumber} extension; positive; not null
 * @param thisUpdate when it was issued; not null
 * @param nextUpdate when the next one is due; after {@code thisUpdate}; not null
 * @param der the signed CRL, DER-encoded; not empty; not null
 */
public record PublishedCrl(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, byte[] der) {

    /**
     * Validates and copies the bytes.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the number is not positive, {@code nextUpdate} is not after
     *     {@code thisUpdate}, or {@code der} is empty
     */
    public PublishedCrl {
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(der, "der");
        if (crlNumber.signum() <= 0) {
            throw new IllegalArgumentException("A CRL number is positive, was " + crlNumber);
        }
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " must be after thisUpdate " + thisUpdate);
        }
        if (der.length == 0) {
            throw new IllegalArgumentException("A CRL's DER encoding is not empty");
        }
        der = der.clone();
    }

    /** @return a copy of the DER encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** @return whether {@code o} is a published CRL with the same number, times and bytes */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedCrl other && crlNumber.equals(other.crlNumber) && thisUpdate.equals(other.thisUpdate)
                && nextUpdate.equals(other.nextUpdate) && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Objects.hash(crlNumber, thisUpdate, nextUpdate, Arrays.hashCode(der));
    }

    /** @return the number, the times and the size, not the bytes */
    @Override
    public String toString() {
        return "PublishedCrl[crlNumber=" + crlNumber + ", thisUpdate=" + thisUpdate + ", nextUpdate=" + nextUpdate
                + ", der=" + der.length + " bytes]";
    }
}
