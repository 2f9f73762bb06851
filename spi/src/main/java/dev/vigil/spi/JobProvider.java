package dev.vigil.spi;

import java.util.List;

/**
 * The {@link java.util.ServiceLoader} service through which job modules offer their jobs. Register
 * an implementation both in {@code META-INF/services/dev.vigil.spi.JobProvider} and with
 * {@code provides dev.vigil.spi.JobProvider with ...} in {@code module-info.java}. An implementation
 * has a public no-argument constructor and no static state.
 */
public interface JobProvider {

    /** @return the jobs this provider offers; ids must be unique across all providers */
    List<Job> jobs();

    /**
     * @return a short name for the module that provides the jobs, shown to people (e.g.
     *     {@code jobs-cert}); by default the provider's class name
     */
    default String name() {
        return getClass().getName();
    }
}
