package dev.vigil.core.store;

import dev.vigil.spi.store.JobStore;
import dev.vigil.testkit.JobStoreContract;
import java.time.Duration;

/** The JDBC store on an in-memory H2 database passes the store contract. */
class H2JobStoreContractTest extends JobStoreContract {
    private JdbcJobStore store;

    @Override
    protected JobStore createStore() {
        store = JdbcJobStore.builder(TestDatabases.h2()).build();
        return store;
    }

    @Override
    protected void advanceStoreClock(Duration d) {
        store.shiftClock(d);
    }
}
