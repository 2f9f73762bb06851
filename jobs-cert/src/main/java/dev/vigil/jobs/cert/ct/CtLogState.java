package dev.vigil.jobs.cert.ct;

import java.util.Locale;
import java.util.Optional;

/** The lifecycle state of a CT log in Chrome's log list, as its {@code state} object names it. */
public enum CtLogState {
    /** Applied for inclusion, not yet monitored; its SCTs do not count. */
    PENDING,
    /** Being monitored for compliance; its SCTs count. */
    QUALIFIED,
    /** Trusted; its SCTs count. */
    USABLE,
    /** Frozen, no longer adding entries; its SCTs count. */
    READONLY,
    /** Distrusted from the state's timestamp on; SCTs it issued before then still count. */
    RETIRED,
    /** Never accepted; its SCTs do not count. */
    REJECTED;

    /** @return the key of this state in the log list JSON, e.g. {@code usable} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<CtLogState> fromJsonName(String name) {
        for (CtLogState s : values()) {
            if (s.jsonName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
