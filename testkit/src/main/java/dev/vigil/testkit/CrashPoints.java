package dev.vigil.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The armed crash points of one fake; each fires once. Thread-safe. */
final class CrashPoints<K> {
    private final Set<K> armed = new HashSet<>();
    private final List<String> fired = new ArrayList<>();

    synchronized void arm(K point) {
        armed.add(Objects.requireNonNull(point, "point"));
    }

    /** @throws SimulatedCrash if the point was armed (disarming it) */
    synchronized void pass(K point, String where) {
        if (armed.remove(point)) {
            fired.add(where);
            throw new SimulatedCrash(where);
        }
    }

    synchronized List<String> fired() {
        return List.copyOf(fired);
    }
}
