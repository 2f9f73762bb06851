package dev.vigil.spi;

/**
 * A job asked its context for a host service that the host did not register. Jobs declare the
 * services they need in their {@link JobDescriptor}, so the engine normally disables such a job at
 * start instead; this exception is for services looked up without being declared.
 */
public class MissingServiceException extends VigilException {
    private static final long serialVersionUID = 1L;

    /**
     * @param service the service type that was asked for
     * @param jobType the job type that asked; may be null
     */
    public MissingServiceException(Class<?> service, String jobType) {
        super("No host service of type " + service.getName() + " is registered"
                + (jobType == null ? "" : " (needed by job type " + jobType + ")")
                + "; register one with Vigil.builder().service(" + service.getSimpleName() + ".class, ...)",
                null, jobType, null);
    }
}
