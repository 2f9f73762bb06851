package dev.vigil.spi.cert;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The host's stored configuration of its CA connectors, as far as the jobs read and change it: the
 * connectors it has and the maximum validity each one offers, which {@code cert.ca-validity-update}
 * keeps in step with what the CA says. A separate interface from {@link CaConnectors} (the live
 * links to the CAs) because this is the host's persisted form, the one its connector screen shows.
 * Implementations must be safe for use by several threads at once.
 */
public interface CaConnectorSettings {

    /**
     * @return the names of the host's CA connectors, as {@link CaConnectors#find(String)} knows
     *     them; not null, possibly empty
     * @throws RuntimeException if the settings cannot be read; the run fails with the message
     */
    Set<String> connectorNames();

    /**
     * @param connectorName a connector's name; not null
     * @return the maximum validity stored for that connector; empty if none is stored yet
     * @throws RuntimeException if the settings cannot be read; the job fails that connector's item
     */
    Optional<Duration> maximumValidity(String connectorName);

    /**
     * Stores a connector's maximum validity, replacing the stored one.
     *
     * @param connectorName a connector's name; not null
     * @param maximumValidity the validity; positive; not null
     * @throws RuntimeException if it cannot be stored; the job fails that connector's item
     */
    void setMaximumValidity(String connectorName, Duration maximumValidity);

    /**
     * The renewal settings of a connector: whether certificates it issued are renewed or regenerated
     * automatically, and when. A default method, so that existing hosts keep compiling: it answers
     * {@link RenewalSettings#disabled()}, and the jobs {@code cert.auto-renew} and
     * {@code cert.auto-regenerate} then leave the connector's certificates alone.
     *
     * @param connectorName a connector's name; not null
     * @return its renewal settings; never null
     * @throws RuntimeException if the settings cannot be read; the jobs fail that certificate's item
     */
    default RenewalSettings renewalSettings(String connectorName) {
        return RenewalSettings.disabled();
    }
}
