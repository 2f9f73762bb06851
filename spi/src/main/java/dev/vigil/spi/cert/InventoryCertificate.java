package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate as the inventory holds it. The DER is the host's bytes, unparsed: a job parses it
 * and records a malformed one as that certificate's error, then goes on with the next.
 *
 * @param id the inventory's id for it, stable
 * @param der the certificate's encoding as stored (DER, or PEM if that is what the host has)
 * @param chain the intermediates the inventory holds for it, leaf's issuer first, encoded like {@code der}
 * @param group the certificate group it belongs to
 * @param status managed or monitored
 * @param caConnector the CA connector that issued it, if the inventory knows
 * @param attributes other attributes by name (the inventory's own fields)
 * @param deviceIds the devices it is installed on
 * @param endpoints the TLS endpoints it was found on or is installed on
 * @param addedAt when it entered the inventory
 * @param statuses the status each check last recorded for it
 */
public record InventoryCertificate(String id, byte[] der, List<byte[]> chain, String group, ManagementStatus status,
                                   Optional<String> caConnector, Map<String, String> attributes, List<String> deviceIds,
                                   List<TlsEndpoint> endpoints, Instant addedAt, Map<CheckKind, String> statuses) {

    /** Validates and copies (the byte arrays too). */
    public InventoryCertificate {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        der = Objects.requireNonNull(der, "der").clone();
        chain = chain.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(caConnector, "caConnector");
        attributes = Map.copyOf(attributes);
        deviceIds = List.copyOf(deviceIds);
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(addedAt, "addedAt");
        statuses = Map.copyOf(statuses);
    }

    /** @return a copy of the certificate's encoding */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** @return copies of the intermediates' encodings */
    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    /** @param kind a check @return the status it last recorded, if any */
    public Optional<String> status(CheckKind kind) {
        return Optional.ofNullable(statuses.get(kind));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InventoryCertificate c && id.equals(c.id) && Arrays.equals(der, c.der)
                && chain.size() == c.chain.size() && sameChain(c) && group.equals(c.group) && status == c.status
                && caConnector.equals(c.caConnector) && attributes.equals(c.attributes)
                && deviceIds.equals(c.deviceIds) && endpoints.equals(c.endpoints) && addedAt.equals(c.addedAt)
                && statuses.equals(c.statuses);
    }

    private boolean sameChain(InventoryCertificate c) {
        for (int i = 0; i < chain.size(); i++) {
            if (!Arrays.equals(chain.get(i), c.chain.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(der), group, status, addedAt);
    }

    @Override
    public String toString() {
        return "InventoryCertificate[" + id + ", " + der.length + " bytes, group " + group + ", " + status + "]";
    }
}
