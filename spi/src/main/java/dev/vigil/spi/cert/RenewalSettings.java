package dev.vigil.spi.cert;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A CA connector's renewal settings, as the host's connector form holds them ("Renew
 * automatically", "Regenerate automatically", the threshold).
 *
 * @param autoRenew whether {@code cert.auto-renew} renews the connector's certificates
 * @param autoRegenerate whether {@code cert.auto-regenerate} regenerates the connector's certificates
 * @param thresholdDays how many days before a certificate's notAfter its renewal is due; empty for
 *     the default, two thirds into its lifetime; 1 to 3650 when present; not null
 */
public record RenewalSettings(boolean autoRenew, boolean autoRegenerate, OptionalInt thresholdDays) {

    /**
     * Validates the threshold.
     *
     * @throws NullPointerException if {@code thresholdDays} is null
     * @throws IllegalArgumentException if the threshold is outside 1 to 3650 days
     */
    public RenewalSettings {
        Objects.requireNonNull(thresholdDays, "thresholdDays");
        if (thresholdDays.isPresent() && (thresholdDays.getAsInt() < 1 || thresholdDays.getAsInt() > 3650)) {
            throw new IllegalArgumentException("thresholdDays must be between 1 and 3650, was "
                    + thresholdDays.getAsInt());
        }
    }

    /** @return settings with both actions off and no threshold */
    public static RenewalSettings disabled() {
        return new RenewalSettings(false, false, OptionalInt.empty());
    }

    /**
     * @param action an action; not null
     * @return whether these settings turn that action on
     */
    public boolean enables(RenewalAction action) {
        return switch (Objects.requireNonNull(action, "action")) {
            case RENEW -> autoRenew;
            case REGENERATE -> autoRegenerate;
        };
    }

    /** @return these settings with auto-renew on or off */
    public RenewalSettings autoRenew(boolean value) {
        return new RenewalSettings(value, autoRegenerate, thresholdDays);
    }

    /** @return these settings with auto-regenerate on or off */
    public RenewalSettings autoRegenerate(boolean value) {
        return new RenewalSettings(autoRenew, value, thresholdDays);
    }

    /**
     * @param days days before notAfter
     * @return these settings with that threshold
     * @throws IllegalArgumentException if outside 1 to 3650
     */
    public RenewalSettings thresholdDays(int days) {
        return new RenewalSettings(autoRenew, autoRegenerate, OptionalInt.of(days));
    }
}
