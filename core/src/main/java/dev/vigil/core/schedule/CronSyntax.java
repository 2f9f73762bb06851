package dev.vigil.core.schedule;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.constraint.FieldConstraints;
import com.cronutils.model.field.definition.FieldDefinition;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.expression.visitor.ValidationFieldExpressionVisitor;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.IntegerFieldValue;
import com.cronutils.model.field.value.SpecialChar;
import com.cronutils.parser.CronParser;
import com.cronutils.parser.CronParserField;
import dev.vigil.spi.CronDialect;
import dev.vigil.spi.InvalidScheduleException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a cron expression of one of the three dialects: cron-utils parses and validates it (with
 * the dialect definitions below), Vigil adds the rules cron-utils does not check, turns every
 * rejection into an {@link InvalidScheduleException} naming the field, the value and what is
 * allowed, and compiles cron-utils' model into a {@link CronPattern}.
 *
 * <p>Dialect definitions:
 * <ul>
 *   <li>Quartz: cron-utils' own QUARTZ definition limits years to 1970-2099; Quartz itself and
 *       Vigil accept years up to 2299, so the definition is rebuilt with that range. Ranges may
 *       wrap (e.g. hours {@code 22-2}, {@code FRI-MON}) as in Quartz, except years.
 *   <li>Unix: cron-utils' UNIX definition. When both day fields are restricted (neither starts
 *       with {@code *}), a day matches if either matches, as in Vixie cron.
 *   <li>Spring: cron-utils' SPRING definition describes Spring 5.2 and lacks the {@code L},
 *       {@code W}, {@code LW}, {@code L-n}, {@code nL} forms Spring 5.3+ accepts, so it is rebuilt
 *       here with them (it equals cron-utils' SPRING53). Day of week 0 and 7 are Sunday, ranges do
 *       not wrap, and {@code *}{@code /n} in day of week starts at Monday, as in Spring.
 * </ul>
 * Macros ({@code @yearly @annually @monthly @weekly @daily @midnight @hourly}) are expanded
 * before parsing in every dialect.
 */
final class CronSyntax {

    /** The result of reading an expression. */
    record Compiled(String expression, CronPattern pattern, String description) {
    }

    private static final CronDefinition QUARTZ = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).and()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
            .supportsQuestionMark().and()
            .withYear().withValidRange(CronPattern.FIRST_YEAR, CronPattern.LAST_YEAR).withStrictRange().optional().and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);

    private static final CronDefinition SPRING = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).withStrictRange().and()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0)
            .supportsHash().supportsL().supportsQuestionMark().and()
            .instance();

    private static final Map<CronDialect, Dialect> DIALECTS = new EnumMap<>(CronDialect.class);

    static {
        DIALECTS.put(CronDialect.QUARTZ, new Dialect(CronDialect.QUARTZ, QUARTZ,
                "6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year])", 6, 7,
                Map.of("@yearly", "0 0 0 1 1 ?", "@annually", "0 0 0 1 1 ?", "@monthly", "0 0 0 1 * ?",
                        "@weekly", "0 0 0 ? * SUN", "@daily", "0 0 0 * * ?", "@midnight", "0 0 0 * * ?",
                        "@hourly", "0 0 * * * ?")));
        DIALECTS.put(CronDialect.UNIX, new Dialect(CronDialect.UNIX, UNIX,
                "5 fields (minutes hours day-of-month month day-of-week)", 5, 5,
                Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
                        "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
                        "@hourly", "0 * * * *")));
        DIALECTS.put(CronDialect.SPRING, new Dialect(CronDialect.SPRING, SPRING,
                "6 fields (seconds minutes hours day-of-month month day-of-week)", 6, 6,
                Map.of("@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *", "@monthly", "0 0 0 1 * *",
                        "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight", "0 0 0 * * *",
                        "@hourly", "0 0 * * * *")));
    }

    private static final Pattern VALUE_OUT_OF_RANGE =
            Pattern.compile("Value (-?\\d+) not in range \\[(-?\\d+), (-?\\d+)]");
    private static final Pattern STEP_OUT_OF_RANGE = Pattern.compile("Period (-?\\d+) not in range");
    private static final Pattern BACKWARDS_RANGE = Pattern.compile("Invalid range! \\[(-?\\d+),(-?\\d+)]");
    private static final Pattern INVALID_CHARS =
            Pattern.compile("Invalid chars in expression! Expression: \\S* Invalid chars: (.*)");
    private static final Pattern HASH_ORDINAL = Pattern.compile("#(\\d*)");
    private static final Pattern LAST_DAY_OFFSET = Pattern.compile("^L-(\\d+)$");
    private static final Pattern SUNDAY_RANGE_START = Pattern.compile("(^|,)(SUN|7)-");
    private static final Pattern SUNDAY_STEP = Pattern.compile("(^|,)(SUN|7)/\\d+");

    private CronSyntax() {
    }

    /**
     * Parses, validates and compiles.
     *
     * @param expression the expression as written (single spaces, trimmed)
     * @param dialect its dialect
     * @return the compiled form with the normalised expression and an English description
     * @throws InvalidScheduleException naming the field, the value and what is allowed
     */
    static Compiled compile(String expression, CronDialect dialect) {
        Dialect d = DIALECTS.get(dialect);
        return new Reader(d, expression).read();
    }

    /** Everything that differs between dialects, besides code paths keyed on the dialect itself. */
    private static final class Dialect {
        final CronDialect id;
        final CronDefinition definition;
        final CronParser parser;
        final List<FieldDefinition> fields;
        final String shape;
        final int minFields;
        final int maxFields;
        final Map<String, String> macros;

        Dialect(CronDialect id, CronDefinition definition, String shape, int minFields, int maxFields,
                Map<String, String> macros) {
            this.id = id;
            this.definition = definition;
            this.parser = new CronParser(definition);
            List<FieldDefinition> sorted = new ArrayList<>(definition.getFieldDefinitions());
            sorted.sort(Comparator.comparingInt(f -> f.getFieldName().getOrder()));
            this.fields = List.copyOf(sorted);
            this.shape = shape;
            this.minFields = minFields;
            this.maxFields = maxFields;
            this.macros = macros;
        }

        String label() {
            return id.name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads one expression; holds the state needed for messages. */
    private static final class Reader {
        private final Dialect dialect;
        private final String original;
        private final CronPattern.Builder builder = new CronPattern.Builder();
        private String[] tokens;
        /** The fields as written, for messages. */
        private String[] written;

        Reader(Dialect dialect, String original) {
            this.dialect = dialect;
            this.original = original;
        }

        Compiled read() {
            String text = original.trim().replaceAll("\\s+", " ");
            if (text.startsWith("@")) {
                String expanded = dialect.macros.get(text.toLowerCase(Locale.ROOT));
                if (expanded == null) {
                    throw invalid("unknown macro '" + text + "'; use one of @yearly, @annually, @monthly, @weekly, "
                            + "@daily, @midnight, @hourly");
                }
                text = expanded;
            }
            if (text.indexOf('|') >= 0) {
                throw invalid("'|' (several expressions in one) is not supported; define one schedule per expression");
            }
            written = text.split(" ");
            tokens = text.toUpperCase(Locale.ROOT).split(" ");
            if (tokens.length < dialect.minFields || tokens.length > dialect.maxFields) {
                throw invalid("expected " + dialect.shape + " but found " + tokens.length);
            }
            normalizeTokens();
            for (int i = 0; i < tokens.length; i++) {
                checkField(dialect.fields.get(i), tokens[i], written[i]);
            }
            String normalized = String.join(" ", tokens);
            Cron cron;
            try {
                cron = dialect.parser.parse(normalized);
            } catch (RuntimeException e) {
                throw crossFieldError(e);
            }
            for (int i = 0; i < tokens.length; i++) {
                FieldDefinition definition = dialect.fields.get(i);
                CronField field = cron.retrieve(definition.getFieldName());
                walk(definition.getFieldName(), written[i], field.getExpression());
            }
            if (dialect.id == CronDialect.UNIX) {
                builder.second(0); // Unix cron has no seconds field: it fires at second 0
                if (!tokens[2].startsWith("*") && !tokens[4].startsWith("*")) {
                    builder.dayOfMonthOrDayOfWeek();
                }
            }
            return new Compiled(normalized, builder.build(), describe(cron, normalized));
        }

        /** Rewrites forms cron-utils reads differently from the dialect's own implementation. */
        private void normalizeTokens() {
            int dow = dayOfWeekIndex();
            if (dialect.id == CronDialect.QUARTZ) {
                if (tokens[dow].equals("L")) {
                    tokens[dow] = "7"; // Quartz: 'L' alone in day of week is Saturday
                }
            } else {
                // Spring (and Vixie cron) read Sunday at the start of a range as 0: SUN-SAT, 7-2 …
                tokens[dow] = SUNDAY_RANGE_START.matcher(tokens[dow]).replaceAll(m -> m.group(1) + "0-");
                // … but 7/n as 7 alone (the step starts at the top of the range); cron-utils would read 0/n
                tokens[dow] = SUNDAY_STEP.matcher(tokens[dow]).replaceAll(m -> m.group(1) + "7");
            }
        }

        private int dayOfWeekIndex() {
            return dialect.id == CronDialect.UNIX ? 4 : 5;
        }

        /** Parses and validates one field on its own, so that a failure names the field. */
        private void checkField(FieldDefinition definition, String token, String asWritten) {
            CronFieldName name = definition.getFieldName();
            if (token.startsWith(",") || token.endsWith(",") || token.contains(",,")) {
                throw fieldInvalid(name, asWritten, "has an empty list entry");
            }
            if (name == CronFieldName.DAY_OF_WEEK) {
                Matcher hash = HASH_ORDINAL.matcher(token);
                while (hash.find()) {
                    String ordinal = hash.group(1);
                    if (ordinal.isEmpty() || ordinal.length() > 2 || Integer.parseInt(ordinal) < 1
                            || Integer.parseInt(ordinal) > 5) {
                        throw fieldInvalid(name, asWritten,
                                "needs a number 1-5 after '#' (the n-th such weekday of the month)");
                    }
                }
            }
            FieldConstraints constraints = definition.getConstraints();
            try {
                FieldExpression expression = new CronParserField(name, constraints, definition.isOptional())
                        .parse(token).getExpression();
                expression.accept(new ValidationFieldExpressionVisitor(constraints));
            } catch (RuntimeException e) {
                throw fieldError(name, asWritten, constraints, e);
            }
        }

        private InvalidScheduleException fieldError(CronFieldName name, String token, FieldConstraints constraints,
                RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = VALUE_OUT_OF_RANGE.matcher(message);
            if (m.find()) {
                return invalid(fieldLabel(name) + " field value " + m.group(1) + " is outside " + m.group(2) + "-"
                        + m.group(3), e);
            }
            m = STEP_OUT_OF_RANGE.matcher(message);
            if (m.find()) {
                int maxStep = Math.min(constraints.getEndRange(),
                        constraints.getEndRange() - constraints.getStartRange() + 1);
                return invalid(fieldLabel(name) + " field step " + m.group(1) + " in '" + token + "' is outside 1-"
                        + maxStep, e);
            }
            m = BACKWARDS_RANGE.matcher(message);
            if (m.find()) {
                return fieldInvalid(name, token, "is a range that runs backwards (" + m.group(1) + "-" + m.group(2)
                        + "); " + rangeRule(name), e);
            }
            m = INVALID_CHARS.matcher(message);
            if (m.find() && !m.group(1).isBlank()) {
                return fieldInvalid(name, token, "contains '" + m.group(1) + "', which is not allowed here", e);
            }
            return fieldInvalid(name, token, "is not a valid " + fieldLabel(name) + " value", e);
        }

        private InvalidScheduleException crossFieldError(RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (dialect.id == CronDialect.QUARTZ && message.contains("day-of-week AND a day-of-month")) {
                return invalid("day-of-month '" + written[3] + "' and day-of-week '" + written[5]
                        + "': Quartz needs '?' in exactly one of them, e.g. '0 0 2 * * ?' or '0 0 2 ? * MON'", e);
            }
            return invalid(message.replace("Failed to parse cron expression. ", ""), e);
        }

        // --- compiling cron-utils' model -----------------------------------------------------

        private void walk(CronFieldName name, String token, FieldExpression expression) {
            if (expression instanceof And and) {
                if (dialect.id == CronDialect.QUARTZ && name == CronFieldName.DAY_OF_WEEK) {
                    for (FieldExpression part : and.getExpressions()) {
                        if (part instanceof On on && on.getSpecialChar().getValue() != SpecialChar.NONE) {
                            throw fieldInvalid(name, token, "mixes 'nL' or 'n#k' with other days; Quartz supports "
                                    + "one such entry on its own, e.g. '6L' or 'MON#1'");
                        }
                    }
                }
                for (FieldExpression part : and.getExpressions()) {
                    walk(name, token, part);
                }
            } else if (expression instanceof Always || expression instanceof QuestionMark) {
                addAll(name);
            } else if (expression instanceof On on) {
                walkOn(name, token, on);
            } else if (expression instanceof Between between) {
                addRange(name, token, number(name, token, between.getFrom()), number(name, token, between.getTo()), 1);
            } else if (expression instanceof Every every) {
                walkEvery(name, token, every);
            } else {
                throw fieldInvalid(name, token, "is not supported");
            }
        }

        private void walkOn(CronFieldName name, String token, On on) {
            int time = on.getTime().getValue();
            int nth = on.getNth().getValue();
            switch (on.getSpecialChar().getValue()) {
                case NONE:
                    add(name, time, false);
                    return;
                case QUESTION_MARK:
                    addAll(name);
                    return;
                case L:
                    if (name == CronFieldName.DAY_OF_MONTH) {
                        if (time != -1) {
                            throw fieldInvalid(name, token,
                                    "puts a day before 'L'; in day-of-month write L, L-n or LW");
                        }
                        int offset = nth == -1 ? 0 : nth;
                        if (offset > 30) {
                            throw fieldInvalid(name, token,
                                    "offsets the last day by more than 30 days (use L-1 to L-30)");
                        }
                        builder.lastDayOfMonthMinus(offset);
                    } else if (name == CronFieldName.DAY_OF_WEEK && time != -1) {
                        builder.lastDayOfWeek(isoDayOfWeek(time));
                    } else {
                        throw fieldInvalid(name, token, "needs a day before 'L', e.g. 5L for the last "
                                + (dialect.id == CronDialect.QUARTZ ? "Thursday" : "Friday") + " of the month");
                    }
                    return;
                case W:
                    if (name != CronFieldName.DAY_OF_MONTH || time < 1) {
                        throw fieldInvalid(name, token, "uses 'W' where only a day of month (1-31) may precede it");
                    }
                    builder.nearestWeekdayTo(time);
                    return;
                case LW:
                    builder.lastWeekdayOfMonth();
                    return;
                case HASH:
                    builder.nthDayOfWeek(isoDayOfWeek(time), nth);
                    return;
                default:
                    throw fieldInvalid(name, token, "is not supported");
            }
        }

        private void walkEvery(CronFieldName name, String token, Every every) {
            int step = every.getPeriod().getValue();
            if (step < 1) {
                throw fieldInvalid(name, token, "has step " + step + "; a step must be at least 1");
            }
            FieldExpression base = every.getExpression();
            if (base instanceof Always) {
                addRange(name, token, stepStart(name), max(name), step);
            } else if (base instanceof On on && on.getSpecialChar().getValue() == SpecialChar.NONE) {
                addRange(name, token, on.getTime().getValue(), max(name), step);
            } else if (base instanceof Between between) {
                addRange(name, token, number(name, token, between.getFrom()), number(name, token, between.getTo()),
                        step);
            } else {
                throw fieldInvalid(name, token, "has a step after something that is not '*', a number or a range");
            }
        }

        private int number(CronFieldName name, String token, FieldValue<?> value) {
            if (value instanceof IntegerFieldValue integer) {
                return integer.getValue();
            }
            throw fieldInvalid(name, token, "has a range bound that is not a number or a name");
        }

        /** Adds from..to by step; in Quartz a range whose end is before its start wraps around. */
        private void addRange(CronFieldName name, String token, int from, int to, int step) {
            if (to >= from) {
                for (int v = from; v <= to; v += step) {
                    add(name, v, true);
                }
                return;
            }
            if (dialect.id != CronDialect.QUARTZ || name == CronFieldName.YEAR) {
                throw fieldInvalid(name, token, "is a range that runs backwards (" + from + "-" + to + "); "
                        + rangeRule(name));
            }
            int cycle = cycle(name);
            boolean oneBased = min(name) == 1;
            for (int v = from; v <= to + cycle; v += step) {
                int value = v % cycle;
                add(name, oneBased && value == 0 ? cycle : value, true);
            }
        }

        private String rangeRule(CronFieldName name) {
            return dialect.id == CronDialect.QUARTZ ? "Quartz wraps ranges around except in the " + fieldLabel(name)
                    + " field, where they go from low to high" : dialect.label() + " ranges go from low to high";
        }

        private void addAll(CronFieldName name) {
            if (name == CronFieldName.YEAR) {
                builder.everyYear();
                return;
            }
            int low = name == CronFieldName.DAY_OF_WEEK ? (dialect.id == CronDialect.QUARTZ ? 1 : 0) : min(name);
            for (int v = low; v <= max(name); v++) {
                add(name, v, true);
            }
        }

        private void add(CronFieldName name, int value, boolean repeating) {
            switch (name) {
                case SECOND:
                    builder.second(value);
                    break;
                case MINUTE:
                    builder.minute(value);
                    break;
                case HOUR:
                    builder.hour(value, repeating);
                    break;
                case DAY_OF_MONTH:
                    builder.dayOfMonth(value);
                    break;
                case MONTH:
                    builder.month(value);
                    break;
                case DAY_OF_WEEK:
                    builder.dayOfWeek(isoDayOfWeek(value));
                    break;
                case YEAR:
                    builder.year(value);
                    break;
                default:
                    throw new IllegalStateException("Unexpected cron field " + name);
            }
        }

        /** @return 1 = Monday … 7 = Sunday, from the dialect's numbering */
        private int isoDayOfWeek(int value) {
            if (dialect.id == CronDialect.QUARTZ) {
                return value == 1 ? 7 : value - 1; // Quartz: 1 = Sunday … 7 = Saturday
            }
            return value == 0 ? 7 : value; // Unix, Spring: 0 or 7 = Sunday, 1 = Monday
        }

        /** Where {@code *}{@code /n} starts. Spring steps day of week from Monday (java.time), Unix from Sunday (0). */
        private int stepStart(CronFieldName name) {
            if (name == CronFieldName.DAY_OF_WEEK) {
                return dialect.id == CronDialect.UNIX ? 0 : 1;
            }
            return min(name);
        }

        private static int min(CronFieldName name) {
            switch (name) {
                case DAY_OF_MONTH:
                case MONTH:
                case DAY_OF_WEEK:
                    return 1;
                case YEAR:
                    return CronPattern.FIRST_YEAR;
                default:
                    return 0;
            }
        }

        private static int max(CronFieldName name) {
            switch (name) {
                case SECOND:
                case MINUTE:
                    return 59;
                case HOUR:
                    return 23;
                case DAY_OF_MONTH:
                    return 31;
                case MONTH:
                    return 12;
                case DAY_OF_WEEK:
                    return 7;
                case YEAR:
                    return CronPattern.LAST_YEAR;
                default:
                    throw new IllegalStateException("Unexpected cron field " + name);
            }
        }

        private static int cycle(CronFieldName name) {
            switch (name) {
                case SECOND:
                case MINUTE:
                    return 60;
                case HOUR:
                    return 24;
                case DAY_OF_MONTH:
                    return 31;
                case MONTH:
                    return 12;
                case DAY_OF_WEEK:
                    return 7;
                default:
                    throw new IllegalStateException("No cycle for cron field " + name);
            }
        }

        // --- descriptions and messages -------------------------------------------------------

        private static String describe(Cron cron, String normalized) {
            try {
                String text = CronDescriptor.instance(Locale.UK).describe(cron).trim();
                if (text.isEmpty()) {
                    return normalized;
                }
                return Character.toUpperCase(text.charAt(0)) + text.substring(1);
            } catch (RuntimeException e) {
                // cron-utils' descriptor does not know every combination; the expression describes itself
                return "Cron " + normalized;
            }
        }

        private String allowed(CronFieldName name) {
            boolean quartz = dialect.id == CronDialect.QUARTZ;
            boolean unix = dialect.id == CronDialect.UNIX;
            switch (name) {
                case SECOND:
                case MINUTE:
                    return "0-59 with * , - /";
                case HOUR:
                    return "0-23 with * , - /";
                case DAY_OF_MONTH:
                    return unix ? "1-31 with * , - /" : "1-31 with * , - / ? L L-n nW LW";
                case MONTH:
                    return "1-12 or JAN-DEC with * , - /";
                case DAY_OF_WEEK:
                    if (quartz) {
                        return "1-7 (1 = Sunday) or SUN-SAT with * , - / ? L nL n#k";
                    }
                    return unix ? "0-7 (0 and 7 = Sunday) or SUN-SAT with * , - /"
                            : "0-7 (0 and 7 = Sunday) or SUN-SAT with * , - / ? nL n#k";
                case YEAR:
                    return CronPattern.FIRST_YEAR + "-" + CronPattern.LAST_YEAR + " with * , - /";
                default:
                    return "";
            }
        }

        private InvalidScheduleException fieldInvalid(CronFieldName name, String token, String problem) {
            return fieldInvalid(name, token, problem, null);
        }

        private InvalidScheduleException fieldInvalid(CronFieldName name, String token, String problem,
                Throwable cause) {
            return invalid(fieldLabel(name) + " field '" + token + "' " + problem + "; allowed: " + allowed(name),
                    cause);
        }

        private InvalidScheduleException invalid(String detail) {
            return invalid(detail, null);
        }

        private InvalidScheduleException invalid(String detail, Throwable cause) {
            return new InvalidScheduleException(
                    "Invalid cron expression '" + original + "' (" + dialect.label() + "): " + detail, cause);
        }
    }

    static String fieldLabel(CronFieldName name) {
        switch (name) {
            case SECOND:
                return "seconds";
            case MINUTE:
                return "minutes";
            case HOUR:
                return "hours";
            case DAY_OF_MONTH:
                return "day-of-month";
            case MONTH:
                return "month";
            case DAY_OF_WEEK:
                return "day-of-week";
            case YEAR:
                return "year";
            default:
                return name.name().toLowerCase(Locale.ROOT);
        }
    }
}
