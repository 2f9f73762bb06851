package dev.vigil.spi;

/**
 * What a run did, counted in items (certificates, hosts, keys, accounts…).
 *
 * @param processed items looked at; not negative
 * @param succeeded items handled successfully; not negative
 * @param failed items that failed; not negative
 * @param skipped items deliberately left alone; not negative
 */
public record RunCounts(long processed, long succeeded, long failed, long skipped) {

    /** No items. */
    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0);

    /** Validates that no count is negative. */
    public RunCounts {
        if (processed < 0 || succeeded < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("Counts must not be negative: " + processed + "/" + succeeded
                    + "/" + failed + "/" + skipped);
        }
    }

    /** @param other counts to add @return the sum */
    public RunCounts plus(RunCounts other) {
        return new RunCounts(processed + other.processed, succeeded + other.succeeded, failed + other.failed,
                skipped + other.skipped);
    }

    @Override
    public String toString() {
        return "processed=" + processed + " succeeded=" + succeeded + " failed=" + failed + " skipped=" + skipped;
    }
}
