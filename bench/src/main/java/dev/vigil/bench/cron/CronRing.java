package dev.vigil.bench.cron;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.vigil.core.schedule.CronSchedule;
import dev.vigil.spi.CronDialect;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TimeZone;

/**
 * The inputs of the cron next-fire benchmark: the seeds' schedules, each compiled by Vigil and the
 * three anchors, and a ring of "after" instants spread over 2026-2036 in Europe/Berlin on which all
 * four have been checked to give the same next fire time.
 *
 * <p>Candidates where the implementations disagree are left out of the ring only when the start or
 * an answer lies within a day of a daylight-saving transition (Vigil's gap and overlap policy is
 * its own, see {@link CronSchedule}); such candidates are kept in {@link #leftOut()} so they can be
 * reported. A disagreement anywhere else is a bug and fails the build of the ring.
 */
final class CronRing {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Every schedule of {@link #SEEDS}, interleaved in random order. */
    static final String ALL = "all";
    static final int DEFAULT_SIZE = 2_000;
    private static final long RANDOM_SEED = 0xC0FFEE_2026L;
    private static final long FIRST_START = ZonedDateTime.of(LocalDate.of(2026, 1, 1).atStartOfDay(), ZONE)
            .toEpochSecond();
    private static final long END_START = ZonedDateTime.of(LocalDate.of(2036, 1, 1).atStartOfDay(), ZONE)
            .toEpochSecond();
    private static final long DAY = 86_400;

    /**
     * One schedule of the seeds, in Quartz syntax and in Spring's. The seeds' expressions happen to
     * mean the same in both (Spring accepts {@code ?}, {@code L}, {@code #} and day names); only a
     * numeric day of week would need translating (Quartz 1 = Sunday, Spring 0 or 7 = Sunday).
     */
    record Seed(String name, String quartz, String spring) {
    }

    static final List<Seed> SEEDS = List.of(
            new Seed("daily-02:00", "0 0 2 * * ?", "0 0 2 * * ?"),
            new Seed("every-6h", "0 0 0/6 * * ?", "0 0 0/6 * * ?"),
            new Seed("00:00+12:00", "0 0 0,12 * * ?", "0 0 0,12 * * ?"),
            new Seed("sunday-06:00", "0 0 6 ? * SUN", "0 0 6 ? * SUN"),
            new Seed("every-5h-at-:20", "0 20 0/5 * * ?", "0 20 0/5 * * ?"),
            new Seed("every-15min", "0 0/15 * * * ?", "0 0/15 * * * ?"),
            new Seed("every-5min", "0 0/5 * * * ?", "0 0/5 * * * ?"),
            new Seed("last-day-of-month", "0 0 0 L * ?", "0 0 0 L * ?"),
            new Seed("first-monday-12:00", "0 0 12 ? * MON#1", "0 0 12 ? * MON#1"),
            new Seed("every-minute", "0 * * * * ?", "0 * * * * ?"));

    /** One seed compiled by each implementation. */
    static final class Compiled {
        final Seed seed;
        final CronSchedule vigil;
        final ExecutionTime cronUtils;
        final org.quartz.CronExpression quartz;
        final org.springframework.scheduling.support.CronExpression spring;

        private Compiled(Seed seed, CronParser cronUtilsParser) {
            this.seed = seed;
            this.vigil = CronSchedule.compile(seed.quartz(), CronDialect.QUARTZ, ZONE);
            this.cronUtils = ExecutionTime.forCron(cronUtilsParser.parse(seed.quartz()));
            try {
                this.quartz = new org.quartz.CronExpression(seed.quartz());
            } catch (ParseException e) {
                throw new IllegalArgumentException("Quartz rejects seed '" + seed.quartz() + "'", e);
            }
            this.quartz.setTimeZone(TimeZone.getTimeZone(ZONE));
            this.spring = org.springframework.scheduling.support.CronExpression.parse(seed.spring());
        }
    }

    /** One call's input, in each implementation's own argument type. */
    record Entry(Compiled compiled, Instant after, Date afterDate, ZonedDateTime afterZoned) {
    }

    /** The four answers to one candidate (null: no next fire time). */
    record Answers(Seed seed, Instant after, Instant vigil, Instant cronUtils, Instant quartz, Instant spring) {
        boolean agree() {
            return Objects.equals(vigil, cronUtils) && Objects.equals(vigil, quartz) && Objects.equals(vigil, spring);
        }

        @Override
        public String toString() {
            return "'" + seed.quartz() + "' after " + after.atZone(ZONE) + ": vigil " + zoned(vigil) + ", cron-utils "
                    + zoned(cronUtils) + ", quartz " + zoned(quartz) + ", spring " + zoned(spring);
        }

        private static String zoned(Instant instant) {
            return instant == null ? "none" : instant.atZone(ZONE).toString();
        }
    }

    private final List<Entry> entries;
    private final List<Answers> leftOut;
    private final int candidates;

    private CronRing(List<Entry> entries, List<Answers> leftOut, int candidates) {
        this.entries = List.copyOf(entries);
        this.leftOut = List.copyOf(leftOut);
        this.candidates = candidates;
    }

    /**
     * Builds a ring and checks every entry against all four implementations.
     *
     * @param schedule {@link #ALL} or the {@linkplain Seed#name() name} of one seed
     * @param size the number of entries
     * @return the ring; every entry has been answered identically by all four
     * @throws IllegalArgumentException if {@code schedule} names no seed
     * @throws IllegalStateException if the implementations disagree away from a DST transition
     */
    static CronRing build(String schedule, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("ring size must be positive, was " + size);
        }
        CronParser parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
        List<Compiled> compiled = new ArrayList<>();
        for (Seed seed : SEEDS) {
            if (schedule.equals(ALL) || schedule.equals(seed.name())) {
                compiled.add(new Compiled(seed, parser));
            }
        }
        if (compiled.isEmpty()) {
            throw new IllegalArgumentException("Unknown schedule '" + schedule + "': use " + ALL + " or one of "
                    + SEEDS.stream().map(Seed::name).toList());
        }
        ZoneRules rules = ZONE.getRules();
        SplittableRandom random = new SplittableRandom(RANDOM_SEED);
        List<Entry> entries = new ArrayList<>(size);
        List<Answers> leftOut = new ArrayList<>();
        int candidates = 0;
        while (entries.size() < size) {
            if (candidates > 10 * size) {
                throw new IllegalStateException("too many disagreements near DST transitions: " + leftOut.size());
            }
            candidates++;
            // round-robin over the schedules so each has the same share, in a random start order
            Compiled c = compiled.get(entries.size() % compiled.size());
            Instant after = Instant.ofEpochSecond(random.nextLong(FIRST_START, END_START));
            Entry entry = new Entry(c, after, Date.from(after), after.atZone(ZONE));
            Answers answers = answer(entry);
            if (answers.agree()) {
                entries.add(entry);
            } else if (nearTransition(rules, answers)) {
                leftOut.add(answers);
            } else {
                throw new IllegalStateException("Implementations disagree away from any DST transition: " + answers);
            }
        }
        shuffle(entries, random);
        return new CronRing(entries, leftOut, candidates);
    }

    static Answers answer(Entry entry) {
        Compiled c = entry.compiled();
        Instant vigil = c.vigil.nextAfter(entry.after()).orElse(null);
        Instant cronUtils = c.cronUtils.nextExecution(entry.afterZoned()).map(ZonedDateTime::toInstant).orElse(null);
        Date quartzNext = c.quartz.getNextValidTimeAfter(entry.afterDate());
        Instant quartz = quartzNext == null ? null : quartzNext.toInstant();
        ZonedDateTime springNext = c.spring.next(entry.afterZoned());
        Instant spring = springNext == null ? null : springNext.toInstant();
        return new Answers(c.seed, entry.after(), vigil, cronUtils, quartz, spring);
    }

    private static boolean nearTransition(ZoneRules rules, Answers answers) {
        for (Instant t : new Instant[] {answers.after(), answers.vigil(), answers.cronUtils(), answers.quartz(),
                answers.spring()}) {
            if (t != null && !rules.getOffset(t.minusSeconds(DAY)).equals(rules.getOffset(t.plusSeconds(DAY)))) {
                return true;
            }
        }
        return false;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** @return the entries, all answered identically by the four implementations */
    List<Entry> entries() {
        return entries;
    }

    /** @return the candidates left out because the implementations disagree near a DST transition */
    List<Answers> leftOut() {
        return leftOut;
    }

    /** @return how many candidate instants were drawn to fill the ring */
    int candidates() {
        return candidates;
    }
}
