package dev.vigil.examples;

import dev.vigil.core.Vigil;

/**
 * Where the command line gets its engine: Vigil on the embedded defaults. Today that is the
 * in-memory store, so definitions and runs live as long as the process; the JDBC store issue
 * replaces it with an H2 file store under {@code --data DIR}, here and only here.
 */
final class EmbeddedHost {
    private EmbeddedHost() {
    }

    /**
     * @return a builder with the embedded defaults; job types on the class path are discovered
     *     with {@link java.util.ServiceLoader} when it is built
     */
    static Vigil.Builder engine() {
        return Vigil.builder();
    }

    /** @return how the store is described to people, e.g. in the demo's header */
    static String storeDescription() {
        return "in-memory store: runs are kept only while this process lives";
    }
}
