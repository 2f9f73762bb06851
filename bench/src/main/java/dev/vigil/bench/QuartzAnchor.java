package dev.vigil.bench;

import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.JobListenerSupport;

/** Quartz 2.5 with its RAMJobStore and 4 worker threads: the in-memory anchor. */
final class QuartzAnchor {
    static final String NAME = "Quartz 2.5.2 RAMJobStore";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private QuartzAnchor() {
    }

    /** Quartz instantiates this class per firing unless a job factory says otherwise; ours does. */
    public static final class NoopJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    /** Records start lag: now minus the trigger's scheduled fire time (Quartz keeps milliseconds). */
    private record TickJob(BenchJobs.LagSink lag) implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            long now = System.currentTimeMillis();
            long scheduled = context.getScheduledFireTime().getTime();
            lag.record(scheduled, (now - scheduled) * 1_000_000L);
        }
    }

    static Scheduler newScheduler(int threads, Job job) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "vigil-bench-quartz-" + INSTANCES.incrementAndGet());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        s.setJobFactory((bundle, scheduler) -> job);
        return s;
    }

    /**
     * Queues {@code n} one-shot jobs due now, starts Quartz and waits for the last to finish.
     *
     * @return nanoseconds from start to the last completion
     */
    static long dispatch(int n, int threads) throws Exception {
        Scheduler s = newScheduler(threads, new NoopJob());
        try {
            CountDownLatch done = new CountDownLatch(n);
            s.getListenerManager().addJobListener(new JobListenerSupport() {
                @Override
                public String getName() {
                    return "bench-completions";
                }

                @Override
                public void jobWasExecuted(JobExecutionContext context, JobExecutionException e) {
                    done.countDown();
                }
            });
            Date now = new Date();
            for (int i = 0; i < n; i++) {
                s.scheduleJob(JobBuilder.newJob(NoopJob.class).withIdentity("job-" + i).build(),
                        TriggerBuilder.newTrigger().withIdentity("trigger-" + i).startAt(now).build());
            }
            long t0 = System.nanoTime();
            s.start();
            Timed.await(done, NAME + " dispatch");
            return System.nanoTime() - t0;
        } finally {
            s.shutdown(true);
        }
    }

    /**
     * Registers {@code n} jobs, each with a cron trigger, in a Quartz scheduler that is not started.
     *
     * @return the scheduler holding them (shut it down when done), and the time it took
     */
    static Registered register(int n, IntFunction<String> cron, IntFunction<String> host) throws Exception {
        Scheduler s = newScheduler(4, new NoopJob());
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            s.scheduleJob(JobBuilder.newJob(NoopJob.class).withIdentity("scan-" + i, "bench")
                            .usingJobData("host", host.apply(i)).build(),
                    TriggerBuilder.newTrigger().withIdentity("scan-" + i, "bench")
                            .withSchedule(CronScheduleBuilder.cronSchedule(cron.apply(i))).build());
        }
        return new Registered(s, System.nanoTime() - t0);
    }

    record Registered(Scheduler scheduler, long nanos) {
    }

    /** @return a started scheduler with {@code jobs} per-second cron jobs that report their start lag */
    static Scheduler startTicking(int jobs, int threads, BenchJobs.LagSink sink) throws Exception {
        Scheduler s = newScheduler(threads, new TickJob(sink));
        for (int i = 0; i < jobs; i++) {
            s.scheduleJob(JobBuilder.newJob(TickJob.class).withIdentity("tick-" + i).build(),
                    TriggerBuilder.newTrigger().withIdentity("tick-" + i)
                            .withSchedule(CronScheduleBuilder.cronSchedule("* * * * * ?")).build());
        }
        s.start();
        return s;
    }
}
