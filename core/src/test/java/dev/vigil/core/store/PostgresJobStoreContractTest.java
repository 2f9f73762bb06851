package dev.vigil.core.store;

import dev.vigil.spi.store.JobStore;
import dev.vigil.testkit.JobStoreContract;
import java.time.Duration;

/** The JDBC store on PostgreSQL passes the store contract (tables under their own prefix, emptied per test). */
class PostgresJobStoreContractTest extends JobStoreContract {
    private JdbcJobStore store;

    @Override
    protected JobStore createStore() {
        store = JdbcJobStore.builder(TestDatabases.postgres()).tablePrefix("vigil_contract_").build();
        store.deleteEverything();
        return store;
    }

    @Override
    protected void advanceStoreClock(Duration d) {
        store.shiftClock(d);
    }
}
