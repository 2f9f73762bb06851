package dev.vigil.spi;

/** The syntax a cron expression is written in. */
public enum CronDialect {
    /**
     * Quartz: 6 or 7 fields (seconds, minutes, hours, day of month, month, day of week, optional
     * year) with {@code ? L W # LW L-n} and month and day names. Day of week 1 is Sunday. The
     * default, because the products Vigil serves document their schedules this way.
     */
    QUARTZ,
    /** Unix crontab: 5 fields (minutes, hours, day of month, month, day of week), 0 and 7 are Sunday. */
    UNIX,
    /** Spring's {@code @Scheduled}: 6 fields starting with seconds; day of week 0 and 7 are Sunday. */
    SPRING
}
