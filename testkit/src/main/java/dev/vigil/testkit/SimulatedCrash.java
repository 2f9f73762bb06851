package dev.vigil.testkit;

/**
 * What a fake throws at a point a test armed with its {@code crashOn(...)} method, once: the process
 * "dies" there. The fakes throw it after their side effect (the worst case for the caller: the
 * effect happened, the caller does not know), so a test can check that running the job again
 * finishes the work without doing it twice.
 */
public final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param point where the crash happened, for the test report; not null */
    public SimulatedCrash(String point) {
        super("simulated crash at " + point);
    }
}
