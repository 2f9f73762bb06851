package dev.vigil.core.store;

import java.time.Duration;

/** Lets tests outside this package move a JDBC store's clock and empty its tables. */
public final class JdbcStoreTestAccess {
    private JdbcStoreTestAccess() {
    }

    /** Shifts the store's notion of now (the database clock) by the amount. */
    public static void shiftClock(JdbcJobStore store, Duration by) {
        store.shiftClock(by);
    }

    /** Deletes every row of the store's tables, keeping the schema. */
    public static void deleteEverything(JdbcJobStore store) {
        store.deleteEverything();
    }
}
