package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate to add to the inventory (from {@code cert.discovery-import}).
 *
 * @param der the certificate in DER, parsed and re-encoded by the job; copied; not empty
 * @param group the certificate group it joins; exists in the inventory; not blank
 * @param status managed or monitored; not null
 * @param attributes its attributes by name, including {@value InventoryImport#ASSETS_ATTRIBUTE} and
 *     {@value InventoryImport#DISCOVERY_SOURCE_ATTRIBUTE}; never null
 * @param addedAt when it enters the inventory (the engine clock's time); not null
 */
public record NewInventoryCertificate(byte[] der, String group, ManagementStatus status,
                                      Map<String, String> attributes, Instant addedAt) {

    /**
     * Validates and copies (the bytes too).
     *
     * @throws IllegalArgumentException if {@code der} is empty or {@code group} blank
     * @throws NullPointerException if a component is null
     */
    public NewInventoryCertificate {
        der = Objects.requireNonNull(der, "der").clone();
        if (der.length == 0) {
            throw new IllegalArgumentException("der must not be empty");
        }
        Objects.requireNonNull(group, "group");
        if (group.isBlank()) {
            throw new IllegalArgumentException("group must not be blank");
        }
        Objects.requireNonNull(status, "status");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(addedAt, "addedAt");
    }

    /** @return a copy of the encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewInventoryCertificate c && Arrays.equals(der, c.der) && group.equals(c.group)
                && status == c.status && attributes.equals(c.attributes) && addedAt.equals(c.addedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(der), group, status, attributes, addedAt);
    }

    @Override
    public String toString() {
        return "NewInventoryCertificate[" + der.length + " bytes, group " + group + ", " + status + "]";
    }
}
