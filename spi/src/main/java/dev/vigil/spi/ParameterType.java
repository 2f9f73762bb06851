package dev.vigil.spi;

/** The value type of a declared job parameter. Values travel and are stored as text. */
public enum ParameterType {
    /** Any text. */
    STRING,
    /** A whole number ({@code long}). */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An ISO-8601 duration such as {@code PT15M} or {@code P30D}. */
    DURATION,
    /** An ISO-8601 instant such as {@code 2026-01-01T00:00:00Z}. */
    INSTANT,
    /** A comma-separated list of texts. */
    LIST
}
