package dev.vigil.testkit;

/**
 * What the credential fakes throw at a point a test chose with {@code crashOn(...)}: the process
 * dying there. It is an {@link Error}, not a {@link RuntimeException}, so that no job code catches
 * it and compensates (as nothing runs after a real crash); the job's run ends with it, and the
 * {@link JobHarness} records it as thrown. A test then runs the job again to recover.
 */
public final class RotationCrash extends Error {
    private static final long serialVersionUID = 1L;

    /** @param point where it crashed, for the test report; not null */
    public RotationCrash(String point) {
        super("simulated crash " + point, null, false, false);
    }
}
