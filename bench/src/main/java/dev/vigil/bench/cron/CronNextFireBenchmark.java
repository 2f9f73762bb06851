package dev.vigil.bench.cron;

import com.cronutils.model.time.ExecutionTime;
import dev.vigil.core.schedule.CronSchedule;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cron next-fire: one operation is one "next fire time after t" call, in Europe/Berlin, by Vigil's
 * compiled evaluator and by the three anchors a user would use instead (cron-utils'
 * {@code ExecutionTime}, Quartz's and Spring's {@code CronExpression}).
 *
 * <p>Every call takes the next entry of a precomputed ring ({@link CronRing}) of the seeds'
 * schedules and "after" instants spread over 2026-2036, so consecutive calls differ in schedule
 * and start. The four benchmark methods walk the same ring in the same order, each with its own
 * argument type prepared in advance (an {@code Instant}, a {@code Date}, a {@code ZonedDateTime}),
 * and return the implementation's own result type. Before measuring, the setup checks that all
 * four give the same answer on every entry.
 *
 * <p>{@code -p schedule=NAME} measures one seed alone (names in {@link CronRing#SEEDS}).
 *
 * <p>Public because JMH's generated code must see it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CronNextFireBenchmark {

    /** {@code all} (the seeds interleaved) or the name of one seed. */
    @Param(CronRing.ALL)
    public String schedule;

    private CronSchedule[] vigil;
    private ExecutionTime[] cronUtils;
    private org.quartz.CronExpression[] quartz;
    private org.springframework.scheduling.support.CronExpression[] spring;
    private Instant[] afterInstant;
    private Date[] afterDate;
    private ZonedDateTime[] afterZoned;
    private int cursor;

    /** Builds the ring and checks that the four implementations agree on it. */
    @Setup(Level.Trial)
    public void setUp() {
        CronRing ring = CronRing.build(schedule, CronRing.DEFAULT_SIZE);
        List<CronRing.Entry> entries = ring.entries();
        int n = entries.size();
        vigil = new CronSchedule[n];
        cronUtils = new ExecutionTime[n];
        quartz = new org.quartz.CronExpression[n];
        spring = new org.springframework.scheduling.support.CronExpression[n];
        afterInstant = new Instant[n];
        afterDate = new Date[n];
        afterZoned = new ZonedDateTime[n];
        for (int i = 0; i < n; i++) {
            CronRing.Entry e = entries.get(i);
            vigil[i] = e.compiled().vigil;
            cronUtils[i] = e.compiled().cronUtils;
            quartz[i] = e.compiled().quartz;
            spring[i] = e.compiled().spring;
            afterInstant[i] = e.after();
            afterDate[i] = e.afterDate();
            afterZoned[i] = e.afterZoned();
        }
        // the ring was checked when built; check again here, on the very arrays that are measured
        for (int i = 0; i < n; i++) {
            Instant expected = vigil[i].nextAfter(afterInstant[i]).orElseThrow();
            Instant byCronUtils = cronUtils[i].nextExecution(afterZoned[i]).orElseThrow().toInstant();
            Instant byQuartz = quartz[i].getNextValidTimeAfter(afterDate[i]).toInstant();
            Instant bySpring = spring[i].next(afterZoned[i]).toInstant();
            if (!expected.equals(byCronUtils) || !expected.equals(byQuartz) || !expected.equals(bySpring)) {
                throw new IllegalStateException("Implementations disagree after " + afterZoned[i] + ": vigil "
                        + expected + ", cron-utils " + byCronUtils + ", quartz " + byQuartz + ", spring " + bySpring);
            }
        }
        cursor = 0;
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == afterInstant.length ? 0 : i + 1;
        return i;
    }

    /** Vigil: {@code CronSchedule.nextAfter(Instant)}. */
    @Benchmark
    public Optional<Instant> vigil() {
        int i = next();
        return vigil[i].nextAfter(afterInstant[i]);
    }

    /** cron-utils: {@code ExecutionTime.nextExecution(ZonedDateTime)}. */
    @Benchmark
    public Optional<ZonedDateTime> cronUtils() {
        int i = next();
        return cronUtils[i].nextExecution(afterZoned[i]);
    }

    /** Quartz: {@code CronExpression.getNextValidTimeAfter(Date)}. */
    @Benchmark
    public Date quartz() {
        int i = next();
        return quartz[i].getNextValidTimeAfter(afterDate[i]);
    }

    /** Spring: {@code CronExpression.next(ZonedDateTime)}. */
    @Benchmark
    public ZonedDateTime spring() {
        int i = next();
        return spring[i].next(afterZoned[i]);
    }
}
