package dev.vigil.spi;

/** Why a run exists. */
public enum RunOrigin {
    /** Its definition's schedule fired. */
    SCHEDULED,
    /** Someone triggered it. A manual run never moves the schedule. */
    MANUAL,
    /** An earlier attempt failed and the retry policy asked for another. */
    RETRY,
    /** A parent run spawned it. */
    CHILD,
    /** It stands for scheduled fires that were missed, under the definition's misfire policy. */
    MISFIRE;

    /** @return whether this run carries its definition's schedule forward when it completes */
    public boolean carriesSchedule() {
        return this == SCHEDULED || this == MISFIRE;
    }
}
