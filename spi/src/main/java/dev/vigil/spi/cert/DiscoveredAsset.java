package dev.vigil.spi.cert;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A place a discovery source found a certificate on: a host (by name, by IP address, or both) and a
 * port. Its {@linkplain #toText() text form} is what the imported certificate's
 * {@value InventoryImport#ASSETS_ATTRIBUTE} attribute is made of.
 *
 * @param hostName the host's DNS name, if the source knows it; never blank when present
 * @param ipAddress the host's IP address literal (IPv4 or IPv6), if the source knows it; never blank
 *     when present
 * @param port the TCP port, 1 to 65535
 */
public record DiscoveredAsset(Optional<String> hostName, Optional<String> ipAddress, int port) {

    /**
     * Validates: a name or an address (or both), each free of the characters the text form uses
     * ({@code , [ ]} and white space; a name has no {@code :} either), and a port in range.
     *
     * @throws IllegalArgumentException if a value is missing, blank, badly formed or out of range
     * @throws NullPointerException if {@code hostName} or {@code ipAddress} is null
     */
    public DiscoveredAsset {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(ipAddress, "ipAddress");
        if (hostName.isEmpty() && ipAddress.isEmpty()) {
            throw new IllegalArgumentException("An asset needs a host name or an IP address");
        }
        hostName.ifPresent(name -> checkPart("host name", name, ":"));
        ipAddress.ifPresent(address -> checkPart("IP address", address, ""));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
    }

    /**
     * @param hostName the host's DNS name; not blank
     * @param ipAddress the host's IP address literal; not blank
     * @param port 1 to 65535
     * @return an asset known by name and address
     * @throws IllegalArgumentException as the constructor
     */
    public static DiscoveredAsset of(String hostName, String ipAddress, int port) {
        return new DiscoveredAsset(Optional.of(hostName), Optional.of(ipAddress), port);
    }

    /**
     * @param hostName the host's DNS name; not blank
     * @param port 1 to 65535
     * @return an asset known by name only
     * @throws IllegalArgumentException as the constructor
     */
    public static DiscoveredAsset named(String hostName, int port) {
        return new DiscoveredAsset(Optional.of(hostName), Optional.empty(), port);
    }

    /**
     * @param ipAddress the host's IP address literal; not blank
     * @param port 1 to 65535
     * @return an asset known by address only
     * @throws IllegalArgumentException as the constructor
     */
    public static DiscoveredAsset atAddress(String ipAddress, int port) {
        return new DiscoveredAsset(Optional.empty(), Optional.of(ipAddress), port);
    }

    /**
     * The stable text form: the host name, then the IP address in brackets, then a colon and the
     * port — {@code web-01.example.com[192.0.2.10]:443}, {@code web-01.example.com:443} without an
     * address, {@code [2001:db8::10]:8443} without a name.
     *
     * @return the text form, never null
     */
    public String toText() {
        return hostName.orElse("") + ipAddress.map(a -> "[" + a + "]").orElse("") + ":" + port;
    }

    /**
     * The value of the {@value InventoryImport#ASSETS_ATTRIBUTE} attribute for a set of assets: the
     * {@linkplain #toText() text forms}, without repeats, sorted (by {@link String#compareTo}), joined
     * by {@code ", "}. No assets give the empty string.
     *
     * @param assets the assets; not null, no null elements
     * @return the attribute value, never null
     */
    public static String describe(Collection<DiscoveredAsset> assets) {
        return assets.stream().map(DiscoveredAsset::toText).distinct().sorted().collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return toText();
    }

    private static void checkPart(String what, String value, String alsoForbidden) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("An asset's " + what + " must not be blank when present");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || alsoForbidden.indexOf(c) >= 0) {
                throw new IllegalArgumentException("An asset's " + what + " must not contain '" + c + "': '" + value + "'");
            }
        }
    }
}
