package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.CronDialect;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Compares Vigil's cron evaluation with Quartz's {@code org.quartz.CronExpression} and Spring's
 * {@code org.springframework.scheduling.support.CronExpression} on random expressions.
 *
 * <p>Each case is one random expression written with the same meaning in Quartz syntax (compiled
 * by Vigil as {@link CronDialect#QUARTZ}), in Spring syntax when it has no year field (compiled as
 * {@link CronDialect#SPRING}) and in Unix syntax when it can be written so (compiled as
 * {@link CronDialect#UNIX}). From a random start in 1970-2290 it follows several consecutive fire
 * times. Where both anchors answer and agree, every Vigil reading must give the same answer.
 * Where the anchors disagree with each other, the case is recorded and left (they do on W:
 * Quartz misses a nearest weekday that falls after the day searched from, Spring moves a Sunday
 * month end into the next month; and on L-n near 30, where Spring leaves the month). Where only
 * one anchor answers (Quartz stops about a century from now; Spring gives up after 366 field
 * rolls), Vigil must match it unless the expression uses a form whose anchor semantics are known
 * to be shaky (W, L-n beyond 27 days, the fifth weekday).
 *
 * <p>Spring has no year field: for 7-field expressions its answer is filtered by the year set (a
 * result in a year not in the set restarts the search at the next year in the set). Cases whose
 * start or any compared instant lies within a day of a daylight-saving transition are skipped,
 * because Quartz, Spring and Vigil have different gap and overlap policies (Vigil's own is
 * tested in {@link CronDstTest}).
 *
 * <p>{@code -Dvigil.cron.differential.cases=N} runs N cases instead of 3,000.
 */
class CronDifferentialTest {
    private static final long SEED = 0x5EED_C0DEL;
    private static final int CASES = Integer.getInteger("vigil.cron.differential.cases", 3_000);
    private static final int FIRES_PER_CASE = 6;
    private static final List<ZoneId> ZONES = List.of(
            ZoneOffset.UTC, ZoneId.of("+05:30"), ZoneId.of("America/New_York"), ZoneId.of("Europe/Berlin"));
    private static final long FIRST_START = LocalDate.of(1970, 1, 2).toEpochDay() * 86_400;
    private static final long LAST_START = LocalDate.of(2290, 12, 31).toEpochDay() * 86_400;
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    private static final String[] MONTH_NAMES =
            {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    @Test
    void agreesWithQuartzAndSpringOnRandomExpressions(TestReporter reporter) throws ParseException {
        SplittableRandom random = new SplittableRandom(SEED);
        Stats stats = new Stats();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Case c = new Generator(random).generate();
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            Instant start = Instant.ofEpochSecond(random.nextLong(FIRST_START, LAST_START));
            runCase(c, zone, start, stats, mismatches);
        }
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("cases", String.valueOf(CASES));
        summary.put("compared fires", String.valueOf(stats.compared));
        summary.put("compared with both anchors", String.valueOf(stats.bothAnchors));
        summary.put("also compared in the unix dialect", String.valueOf(stats.comparedUnix));
        summary.put("anchors disagreed (skipped)", String.valueOf(stats.anchorDisagreements));
        summary.put("of which without W", String.valueOf(stats.anchorDisagreementsWithoutW));
        summary.put("near a DST transition (skipped)", String.valueOf(stats.nearTransition));
        summary.put("no anchor or shaky single anchor (skipped)", String.valueOf(stats.noAnchor));
        summary.put("examples without W", String.join(" | ", stats.disagreementExamples));
        reporter.publishEntry(summary);
        System.out.println("Cron differential test: " + summary);

        assertThat(mismatches).as("Vigil disagrees with agreeing anchors").isEmpty();
        assertThat(stats.compared).as("compared fires").isGreaterThan(CASES * 3L);
    }

    private static void runCase(Case c, ZoneId zone, Instant start, Stats stats, List<String> mismatches)
            throws ParseException {
        CronSchedule vigilQuartz = CronSchedule.compile(c.quartz, CronDialect.QUARTZ, zone);
        CronSchedule vigilSpring = c.springVigil ? CronSchedule.compile(c.spring, CronDialect.SPRING, zone) : null;
        CronSchedule vigilUnix = c.unix != null ? CronSchedule.compile(c.unix, CronDialect.UNIX, zone) : null;
        org.quartz.CronExpression quartz = new org.quartz.CronExpression(c.quartz);
        quartz.setTimeZone(TimeZone.getTimeZone(zone));
        org.springframework.scheduling.support.CronExpression spring =
                org.springframework.scheduling.support.CronExpression.parse(c.spring);
        ZoneRules rules = zone.getRules();

        Instant t = start;
        for (int fire = 0; fire < FIRES_PER_CASE; fire++) {
            if (nearTransition(rules, t)) {
                stats.nearTransition++;
                return;
            }
            Instant vq = vigilQuartz.nextAfter(t).orElse(null);
            Instant vs = vigilSpring == null ? vq : vigilSpring.nextAfter(t).orElse(null);
            Instant vu = vigilUnix == null ? vq : vigilUnix.nextAfter(t).orElse(null);
            Answer q = quartzAnswer(quartz, t, vq, zone);
            Answer s = springAnswer(spring, t, zone, c.years);
            if (q.anyNear(rules) || s.anyNear(rules) || (vq != null && nearTransition(rules, vq))) {
                stats.nearTransition++;
                return;
            }
            Answer expected;
            if (q.available && s.available) {
                if (!q.sameAs(s)) {
                    stats.anchorDisagreements++;
                    boolean withoutW = !c.quartz.contains("W");
                    if (withoutW) {
                        stats.anchorDisagreementsWithoutW++;
                    }
                    if (withoutW && stats.disagreementExamples.size() < 8) {
                        stats.disagreementExamples.add("'" + c.quartz + "' after " + t + " in " + zone
                                + ": quartz " + q.instant + ", spring " + s.instant);
                    }
                    return;
                }
                stats.bothAnchors++;
                expected = q;
            } else if ((q.available || s.available) && !c.shaky) {
                expected = q.available ? q : s;
            } else {
                stats.noAnchor++;
                return;
            }
            stats.compared++;
            if (vigilUnix != null) {
                stats.comparedUnix++;
            }
            if (!equal(vq, expected.instant) || !equal(vs, expected.instant) || !equal(vu, expected.instant)) {
                mismatches.add("'" + c.quartz + "' / spring '" + c.spring + "' / unix '" + c.unix + "' after " + t
                        + " in " + zone + ": expected " + expected.instant + " (quartz " + q + ", spring " + s
                        + ") but vigil gave " + vq + " (quartz dialect) / " + vs + " (spring dialect) / " + vu
                        + " (unix dialect)");
                return;
            }
            if (vq == null) {
                return;
            }
            t = vq;
        }
    }

    private static Answer quartzAnswer(org.quartz.CronExpression quartz, Instant after, Instant vigil, ZoneId zone) {
        int maxYear = org.quartz.CronExpression.MAX_YEAR;
        if (after.atZone(zone).getYear() >= maxYear) {
            return Answer.UNAVAILABLE;
        }
        Date next = quartz.getTimeAfter(Date.from(after));
        if (next == null) {
            // Quartz stops at MAX_YEAR (about a century from now); past it, it has no answer
            return vigil != null && vigil.atZone(zone).getYear() > maxYear ? Answer.UNAVAILABLE : Answer.NONE;
        }
        return Answer.of(next.toInstant());
    }

    private static Answer springAnswer(org.springframework.scheduling.support.CronExpression spring, Instant after,
            ZoneId zone, TreeSet<Integer> years) {
        ZonedDateTime from = after.atZone(zone);
        for (int attempt = 0; attempt < 400; attempt++) {
            ZonedDateTime next = spring.next(from);
            if (next == null) {
                return Answer.UNAVAILABLE; // Spring gives up after 366 rolls; that is no answer
            }
            if (years == null || years.contains(next.getYear())) {
                return Answer.of(next.toInstant());
            }
            Integer year = years.higher(next.getYear());
            if (year == null) {
                return Answer.NONE;
            }
            from = ZonedDateTime.of(year, 1, 1, 0, 0, 0, 0, zone).minusSeconds(1);
        }
        return Answer.UNAVAILABLE;
    }

    private static boolean nearTransition(ZoneRules rules, Instant t) {
        if (rules.isFixedOffset()) {
            return false;
        }
        return !rules.getOffset(t.minusSeconds(86_400)).equals(rules.getOffset(t.plusSeconds(86_400)));
    }

    private static boolean equal(Instant a, Instant b) {
        return a == null ? b == null : a.equals(b);
    }

    /** One anchor's answer: an instant, "no more fires" (instant null), or no answer at all. */
    private static final class Answer {
        static final Answer UNAVAILABLE = new Answer(false, null);
        static final Answer NONE = new Answer(true, null);
        final boolean available;
        final Instant instant;

        private Answer(boolean available, Instant instant) {
            this.available = available;
            this.instant = instant;
        }

        static Answer of(Instant instant) {
            return new Answer(true, instant);
        }

        boolean sameAs(Answer other) {
            return equal(instant, other.instant);
        }

        boolean anyNear(ZoneRules rules) {
            return instant != null && nearTransition(rules, instant);
        }

        @Override
        public String toString() {
            return available ? String.valueOf(instant) : "no answer";
        }
    }

    private static final class Stats {
        long compared;
        long bothAnchors;
        long anchorDisagreements;
        long anchorDisagreementsWithoutW;
        long comparedUnix;
        long nearTransition;
        long noAnchor;
        final List<String> disagreementExamples = new ArrayList<>();
    }

    /**
     * One generated expression: Quartz text, Spring text with the same meaning (its 6-field part
     * when there is a year field), the same in Unix syntax when it can be written so (null
     * otherwise), the year set (null for every year), whether Vigil's Spring dialect can read the
     * Spring text, and whether it uses a form with shaky anchor semantics.
     */
    private record Case(String quartz, String spring, String unix, TreeSet<Integer> years, boolean springVigil,
            boolean shaky) {
    }

    /** Writes random expressions covering every Quartz and Spring feature, in both syntaxes. */
    private static final class Generator {
        private final SplittableRandom random;
        private boolean shaky;

        Generator(SplittableRandom random) {
            this.random = random;
        }

        Case generate() {
            String[] seconds = random.nextInt(4) == 0 ? same("0")
                    : random.nextInt(10) < 7 ? single(0, 59) : timeField(0, 59);
            String[] minutes = random.nextInt(10) < 3 ? single(0, 59) : timeField(0, 59);
            String[] hours = timeField(0, 23);
            String[] dayOfMonth;
            String[] dayOfWeek;
            if (random.nextBoolean()) {
                dayOfMonth = dayOfMonth();
                dayOfWeek = new String[] {"?", random.nextBoolean() ? "?" : "*"};
            } else {
                dayOfMonth = new String[] {"?", random.nextBoolean() ? "?" : "*"};
                dayOfWeek = dayOfWeek();
            }
            String[] month = random.nextInt(10) < 4 ? new String[] {"*", "*"} : month();
            String quartz = String.join(" ", seconds[0], minutes[0], hours[0], dayOfMonth[0], month[0], dayOfWeek[0]);
            String spring = String.join(" ", seconds[1], minutes[1], hours[1], dayOfMonth[1], month[1], dayOfWeek[1]);
            TreeSet<Integer> years = null;
            if (random.nextInt(10) < 3) {
                years = new TreeSet<>();
                quartz = quartz + " " + year(years);
                if (years.isEmpty()) {
                    years = null; // '*'
                }
            }
            String unix = null;
            String springDays = dayOfMonth[1] + " " + dayOfWeek[1];
            if (seconds[1].equals("0") && years == null && !springDays.matches(".*[LW#].*")
                    && !dayOfWeek[1].contains("*/")) {
                // Unix reads the same when one day field is '*' (both must match then)
                unix = String.join(" ", minutes[1], hours[1], dayOfMonth[1].replace('?', '*'), month[1],
                        dayOfWeek[1].replace('?', '*'));
            }
            return new Case(quartz, spring, unix, years, years == null, shaky);
        }

        /** A seconds, minutes or hours field: [quartz, spring]. */
        private String[] timeField(int min, int max) {
            switch (random.nextInt(8)) {
                case 0:
                    return same("*");
                case 1:
                    return single(min, max);
                case 2: {
                    int a = random.nextInt(min, max + 1);
                    int b = random.nextInt(min, max + 1);
                    int c = random.nextInt(min, max + 1);
                    return same(a + "," + b + "," + c);
                }
                case 3: {
                    int a = random.nextInt(min, max);
                    int b = random.nextInt(a + 1, max + 1);
                    return same(a + "-" + b);
                }
                case 4: {
                    int a = random.nextInt(min, max + 1);
                    int step = random.nextInt(1, max / 2 + 2);
                    return same(random.nextBoolean() ? a + "/" + step : "*/" + step);
                }
                case 5: {
                    int a = random.nextInt(min, max);
                    int b = random.nextInt(a + 1, max + 1);
                    int step = random.nextInt(1, 10);
                    return same(a + "-" + b + "/" + step);
                }
                case 6: {
                    // Quartz wraps a backwards range; Spring needs the values spelled out
                    int a = random.nextInt(min + 1, max + 1);
                    int b = random.nextInt(min, a);
                    int step = random.nextInt(1, 4);
                    StringBuilder values = new StringBuilder();
                    int cycle = max - min + 1;
                    for (int v = a; v <= b + cycle; v += step) {
                        values.append(values.length() == 0 ? "" : ",").append(v % cycle);
                    }
                    return new String[] {a + "-" + b + (step == 1 ? "" : "/" + step), values.toString()};
                }
                default: {
                    int a = random.nextInt(min, max + 1);
                    int b = random.nextInt(min, max);
                    int c = random.nextInt(b + 1, max + 1);
                    return same(a + "," + b + "-" + c);
                }
            }
        }

        private String[] single(int min, int max) {
            return same(String.valueOf(random.nextInt(min, max + 1)));
        }

        private String[] dayOfMonth() {
            switch (random.nextInt(12)) {
                case 0:
                    return same("*");
                case 1:
                    return same(String.valueOf(random.nextInt(1, 32)));
                case 2:
                    return same(random.nextInt(1, 32) + "," + random.nextInt(1, 32));
                case 3: {
                    int a = random.nextInt(1, 31);
                    return same(a + "-" + random.nextInt(a + 1, 32));
                }
                case 4: {
                    int step = random.nextInt(1, 16);
                    return same(random.nextBoolean() ? random.nextInt(1, 32) + "/" + step : "*/" + step);
                }
                case 5:
                    return same("L");
                case 6: {
                    int offset = random.nextInt(1, 31);
                    shaky |= offset > 27;
                    return same("L-" + offset);
                }
                case 7:
                    shaky = true;
                    return same("LW");
                case 8:
                    shaky = true;
                    return same(random.nextInt(1, 32) + "W");
                case 9: {
                    int a = random.nextInt(2, 32);
                    int b = random.nextInt(1, a);
                    StringBuilder values = new StringBuilder();
                    for (int v = a; v <= b + 31; v++) {
                        values.append(values.length() == 0 ? "" : ",").append(v % 31 == 0 ? 31 : v % 31);
                    }
                    return new String[] {a + "-" + b, values.toString()};
                }
                case 10:
                    return same(random.nextInt(1, 28) + ",L");
                default: {
                    int a = random.nextInt(1, 25);
                    return same(a + "-" + random.nextInt(a + 1, 32) + "/" + random.nextInt(2, 5));
                }
            }
        }

        private String[] month() {
            switch (random.nextInt(6)) {
                case 0:
                    return monthValue(random.nextInt(1, 13));
                case 1: {
                    String[] a = monthValue(random.nextInt(1, 13));
                    String[] b = monthValue(random.nextInt(1, 13));
                    return new String[] {a[0] + "," + b[0], a[1] + "," + b[1]};
                }
                case 2: {
                    // Quartz reads a range of two names or two numbers, not one of each
                    int a = random.nextInt(1, 12);
                    int b = random.nextInt(a + 1, 13);
                    return same(random.nextBoolean() ? MONTH_NAMES[a - 1] + "-" + MONTH_NAMES[b - 1] : a + "-" + b);
                }
                case 3: {
                    int step = random.nextInt(1, 7);
                    return same(random.nextBoolean() ? random.nextInt(1, 13) + "/" + step : "*/" + step);
                }
                case 4: {
                    int a = random.nextInt(2, 13);
                    int b = random.nextInt(1, a);
                    StringBuilder values = new StringBuilder();
                    for (int v = a; v <= b + 12; v++) {
                        values.append(values.length() == 0 ? "" : ",").append(v % 12 == 0 ? 12 : v % 12);
                    }
                    return new String[] {MONTH_NAMES[a - 1] + "-" + MONTH_NAMES[b - 1], values.toString()};
                }
                default: {
                    int a = random.nextInt(1, 10);
                    return same(a + "-" + random.nextInt(a + 1, 13) + "/" + random.nextInt(2, 4));
                }
            }
        }

        private String[] monthValue(int month) {
            return same(random.nextBoolean() ? MONTH_NAMES[month - 1] : String.valueOf(month));
        }

        /** Day of week; days are numbered 0 = Sunday … 6 = Saturday here. */
        private String[] dayOfWeek() {
            switch (random.nextInt(11)) {
                case 10:
                    return new String[] {"L", random.nextBoolean() ? "SAT" : "6"}; // Quartz: 'L' alone is Saturday
                case 0:
                    return new String[] {"*", "*"};
                case 1:
                    return day(random.nextInt(7));
                case 2: {
                    String[] a = day(random.nextInt(7));
                    String[] b = day(random.nextInt(7));
                    String[] c = day(random.nextInt(7));
                    return new String[] {a[0] + "," + b[0] + "," + c[0], a[1] + "," + b[1] + "," + c[1]};
                }
                case 3: {
                    // Quartz reads a range of two names or two numbers, not one of each
                    int a = random.nextInt(6);
                    int b = random.nextInt(a + 1, 7);
                    String spring = (a == 0 && random.nextBoolean() ? "7" : String.valueOf(a)) + "-" + b;
                    if (random.nextBoolean()) {
                        return new String[] {DAY_NAMES[a] + "-" + DAY_NAMES[b], DAY_NAMES[a] + "-" + DAY_NAMES[b]};
                    }
                    return new String[] {(a + 1) + "-" + (b + 1), spring};
                }
                case 4: {
                    // Quartz wraps FRI-MON; Spring needs the days spelled out
                    int a = random.nextInt(1, 7);
                    int b = random.nextInt(a);
                    StringBuilder days = new StringBuilder();
                    for (int d = a; d <= b + 7; d++) {
                        days.append(days.length() == 0 ? "" : ",").append(DAY_NAMES[d % 7]);
                    }
                    return new String[] {DAY_NAMES[a] + "-" + DAY_NAMES[b], days.toString()};
                }
                case 5: {
                    // Quartz a/n counts a..7 (its numbering); Spring's a/n would run to 7 = Sunday again
                    int a = random.nextInt(7);
                    int step = random.nextInt(1, 4);
                    if (random.nextBoolean()) {
                        return new String[] {"*/" + step, "0-6/" + step};
                    }
                    return new String[] {(a + 1) + "/" + step, a + "-6/" + step};
                }
                case 6: {
                    // Spring's */n starts on Monday (java.time); Quartz needs the days spelled out
                    int step = random.nextInt(2, 4);
                    StringBuilder days = new StringBuilder();
                    for (int iso = 1; iso <= 7; iso += step) {
                        days.append(days.length() == 0 ? "" : ",").append(DAY_NAMES[iso % 7]);
                    }
                    return new String[] {days.toString(), "*/" + step};
                }
                case 7: {
                    int d = random.nextInt(7);
                    String[] name = day(d);
                    String spring = d == 0 && random.nextBoolean() ? "7" : String.valueOf(d);
                    return new String[] {name[0] + "L", spring + "L"};
                }
                case 8: {
                    int d = random.nextInt(7);
                    int ordinal = random.nextInt(1, 6);
                    shaky |= ordinal == 5;
                    return new String[] {(d + 1) + "#" + ordinal, d + "#" + ordinal};
                }
                default:
                    return new String[] {"MON-FRI", random.nextBoolean() ? "MON-FRI" : "1-5"};
            }
        }

        private String[] day(int d) {
            String quartz = random.nextBoolean() ? DAY_NAMES[d] : String.valueOf(d + 1);
            String spring;
            int form = random.nextInt(3);
            if (form == 0) {
                spring = DAY_NAMES[d];
            } else if (d == 0 && form == 1) {
                spring = "7";
            } else {
                spring = String.valueOf(d);
            }
            return new String[] {quartz, spring};
        }

        private String year(TreeSet<Integer> years) {
            switch (random.nextInt(5)) {
                case 0:
                    return "*";
                case 1: {
                    int y = random.nextInt(1970, 2300);
                    years.add(y);
                    return String.valueOf(y);
                }
                case 2: {
                    int a = random.nextInt(1970, 2290);
                    int b = random.nextInt(a + 1, 2300);
                    for (int y = a; y <= b; y++) {
                        years.add(y);
                    }
                    return a + "-" + b;
                }
                case 3: {
                    int a = random.nextInt(1970, 2300);
                    int b = random.nextInt(1970, 2300);
                    years.add(a);
                    years.add(b);
                    return a + "," + b;
                }
                default: {
                    int a = random.nextInt(1970, 2100); // Quartz rejects a year step starting after its MAX_YEAR
                    int step = random.nextInt(1, 40);
                    for (int y = a; y <= 2299; y += step) {
                        years.add(y);
                    }
                    return a + "/" + step;
                }
            }
        }

        private static String[] same(String text) {
            return new String[] {text, text};
        }
    }
}
