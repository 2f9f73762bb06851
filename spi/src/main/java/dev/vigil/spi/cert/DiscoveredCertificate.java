package dev.vigil.spi.cert;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One certificate record as a {@link DiscoverySource} returns it. The encoding is the source's
 * bytes, unchecked: the import job parses it and counts a malformed or empty one as that record's
 * error, then goes on with the next record.
 *
 * @param sourceRecordId the source's id for this record (names the record in the run's item errors);
 *     not blank
 * @param der the certificate in DER (or PEM); copied; may be empty or malformed, never null
 * @param assets where the source found the certificate; may be empty, never null
 * @param attributes further attributes the source reports, by name, to set on the imported
 *     certificate; may be empty, never null. The import job sets
 *     {@value InventoryImport#ASSETS_ATTRIBUTE} and {@value InventoryImport#DISCOVERY_SOURCE_ATTRIBUTE}
 *     itself, so values under those names here are ignored.
 */
public record DiscoveredCertificate(String sourceRecordId, byte[] der, List<DiscoveredAsset> assets,
                                   Map<String, String> attributes) {

    /**
     * Validates and copies (the bytes too).
     *
     * @throws IllegalArgumentException if {@code sourceRecordId} is blank
     * @throws NullPointerException if any component or element is null
     */
    public DiscoveredCertificate {
        Objects.requireNonNull(sourceRecordId, "sourceRecordId");
        if (sourceRecordId.isBlank()) {
            throw new IllegalArgumentException("sourceRecordId must not be blank");
        }
        der = Objects.requireNonNull(der, "der").clone();
        assets = List.copyOf(assets);
        attributes = Map.copyOf(attributes);
    }

    /**
     * @param sourceRecordId the source's id for the record; not blank
     * @param der the certificate's encoding; not null
     * @param assets where it was found; not null
     * @return a record with no further attributes
     */
    public static DiscoveredCertificate of(String sourceRecordId, byte[] der, List<DiscoveredAsset> assets) {
        return new DiscoveredCertificate(sourceRecordId, der, assets, Map.of());
    }

    /** @return a copy of the encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscoveredCertificate d && sourceRecordId.equals(d.sourceRecordId)
                && Arrays.equals(der, d.der) && assets.equals(d.assets) && attributes.equals(d.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceRecordId, Arrays.hashCode(der), assets, attributes);
    }

    @Override
    public String toString() {
        return "DiscoveredCertificate[" + sourceRecordId + ", " + der.length + " bytes, assets " + assets + "]";
    }
}
