/**
 * Vigil's engine: the registry, schedules and cron, the dispatcher and the stores. A host uses
 * {@link dev.vigil.core.Vigil}; everything else here is package-private.
 */
module dev.vigil.core {
    requires transitive dev.vigil.spi;
    requires org.slf4j;
    requires com.cronutils;
    requires java.management;
    requires transitive java.sql;

    exports dev.vigil.core;
    exports dev.vigil.core.schedule;
    exports dev.vigil.core.store;

    uses dev.vigil.spi.JobProvider;
}
