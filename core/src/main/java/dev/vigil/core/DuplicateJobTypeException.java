package dev.vigil.core;

import dev.vigil.spi.VigilException;

/**
 * Two job implementations declare the same job type id. The engine refuses to build, because it
 * cannot know which one the host meant.
 */
public final class DuplicateJobTypeException extends VigilException {
    private static final long serialVersionUID = 1L;

    DuplicateJobTypeException(String jobType, String first, String second) {
        super("Job type id '" + jobType + "' is declared by both " + first + " and " + second
                + "; remove one of the two modules from the class path or register only one of them explicitly",
                null, jobType, null);
    }
}
