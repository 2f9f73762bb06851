package dev.vigil.spi.cert;

import java.util.Map;
import java.util.Optional;

/**
 * What {@code cert.discovery-import} needs of the host's inventory beyond
 * {@link CertificateInventory}: finding a certificate by fingerprint, certificate groups, adding a
 * certificate, and updating its attributes. A separate interface so that existing
 * {@code CertificateInventory} implementations keep compiling; a host usually implements both on
 * the same object and registers it under both types. Implementations must be safe to call from
 * several threads; the job calls them from its worker thread only.
 */
public interface InventoryImport {

    /**
     * The attribute that lists where discovery found a certificate: the assets'
     * {@linkplain DiscoveredAsset#toText() text forms}, sorted, without repeats, joined by
     * {@code ", "} (see {@link DiscoveredAsset#describe}).
     */
    String ASSETS_ATTRIBUTE = "Assets";

    /**
     * The attribute that names the discovery source a certificate first came from. The import job
     * sets it when it adds a certificate and never changes it afterwards.
     */
    String DISCOVERY_SOURCE_ATTRIBUTE = "DiscoverySource";

    /**
     * @param sha256 the SHA-256 of the certificate's DER encoding, in lowercase hexadecimal; not null
     * @return the inventory's id of the certificate with that fingerprint, or empty if it holds none
     * @throws RuntimeException if the inventory cannot be read; the job counts the record failed
     */
    Optional<String> findBySha256(String sha256);

    /**
     * @param group a certificate group's name; not null
     * @return whether the group exists
     * @throws RuntimeException if the inventory cannot be read; the run fails with the message
     */
    boolean groupExists(String group);

    /**
     * Creates an empty certificate group; nothing happens if it exists already.
     *
     * @param group the group's name; not blank
     * @throws RuntimeException if the group cannot be created; the run fails with the message
     */
    void createGroup(String group);

    /**
     * Adds a certificate.
     *
     * @param certificate what to add; its group exists; not null
     * @return the new certificate's inventory id, never null
     * @throws RuntimeException if it cannot be added; the job counts the record failed
     */
    String add(NewInventoryCertificate certificate);

    /**
     * Sets the given attributes on a certificate, each replacing the value of the same name and
     * leaving every other attribute (and the certificate's group and status) as it is.
     *
     * @param certificateId the certificate's inventory id; not null
     * @param attributes the attributes to set; not null
     * @return false if the certificate is no longer in the inventory
     * @throws RuntimeException if it cannot be updated; the job counts the record failed
     */
    boolean updateAttributes(String certificateId, Map<String, String> attributes);
}
