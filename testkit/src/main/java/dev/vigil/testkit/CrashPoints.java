package dev.vigil.testkit;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** The armed crash points of one fake; each fires once. Thread-safe. */
final class CrashPoints<K> {
    private final Set<K> armed = new HashSet<>();

    synchronized void arm(K point) {
        armed.add(Objects.requireNonNull(point, "point"));
    }

    /** @throws SimulatedCrash if the point was armed (disarming it) */
    synchronized void pass(K point, String where) {
        if (armed.remove(point)) {
            throw new SimulatedCrash(where);
        }
    }
}
