package dev.vigil.core;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job types the engine knows: found with {@link ServiceLoader} and registered explicitly.
 * A provider that fails to load is reported and skipped; a duplicate id stops the build; a type
 * whose host services are missing stays registered, disabled with the reason.
 */
final class JobRegistry {
    private static final Logger log = LoggerFactory.getLogger(JobRegistry.class);

    /** One registered job type. */
    record Entry(Job job, JobDescriptor descriptor, String provider, Optional<String> disabledReason) {
    }

    private final Map<String, Entry> entries;
    private final List<String> problems;

    private JobRegistry(Map<String, Entry> entries, List<String> problems) {
        this.entries = entries;
        this.problems = List.copyOf(problems);
    }

    /**
     * @param discoverFrom the class loader to search, or null to skip discovery
     * @param providers providers registered explicitly
     * @param services the host service types registered
     */
    static JobRegistry build(ClassLoader discoverFrom, List<JobProvider> providers, Set<Class<?>> services) {
        List<String> problems = new ArrayList<>();
        List<JobProvider> all = new ArrayList<>(providers);
        if (discoverFrom != null) {
            all.addAll(discover(discoverFrom, problems));
        }
        Map<String, Entry> entries = new TreeMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (JobProvider provider : all) {
            List<Job> jobs;
            String providerName;
            try {
                jobs = provider.jobs();
                providerName = provider.name();
            } catch (RuntimeException | LinkageError e) {
                String problem = "Job provider " + provider.getClass().getName() + " failed to list its jobs: " + e;
                log.warn("{}; skipping it", problem, e);
                problems.add(problem);
                continue;
            }
            for (Job job : jobs) {
                JobDescriptor d;
                try {
                    d = job.descriptor();
                } catch (RuntimeException | LinkageError e) {
                    String problem = "Job " + job.getClass().getName() + " failed to describe itself: " + e;
                    log.warn("{}; skipping it", problem, e);
                    problems.add(problem);
                    continue;
                }
                String here = job.getClass().getName() + " (provider " + providerName + ")";
                String before = origin.putIfAbsent(d.id(), here);
                if (before != null) {
                    throw new DuplicateJobTypeException(d.id(), before, here);
                }
                entries.put(d.id(), new Entry(job, d, providerName, missingService(d, services)));
            }
        }
        return new JobRegistry(entries, problems);
    }

    private static List<JobProvider> discover(ClassLoader loader, List<String> problems) {
        List<JobProvider> found = new ArrayList<>();
        Iterator<JobProvider> it = ServiceLoader.load(JobProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                String problem = "A job provider failed to load: " + e.getMessage();
                log.warn("{}; skipping it", problem, e);
                problems.add(problem);
            }
        }
        return found;
    }

    private static Optional<String> missingService(JobDescriptor d, Set<Class<?>> services) {
        List<String> missing = new ArrayList<>();
        for (Class<?> needed : d.requiredServices()) {
            if (!services.contains(needed)) {
                missing.add(needed.getName());
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("needs host service" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                + ", which the host has not registered");
    }

    Optional<Entry> find(String jobType) {
        return Optional.ofNullable(entries.get(jobType));
    }

    Collection<Entry> all() {
        return entries.values();
    }

    List<String> problems() {
        return problems;
    }

    int size() {
        return entries.size();
    }

    long disabledCount() {
        return entries.values().stream().filter(e -> e.disabledReason().isPresent()).count();
    }

    String knownIds() {
        return String.join(", ", entries.keySet());
    }
}
