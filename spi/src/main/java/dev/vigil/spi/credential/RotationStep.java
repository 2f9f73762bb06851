package dev.vigil.spi.credential;

/**
 * How far a rotation has come, as recorded with its {@link PendingCredential}. Steps only advance,
 * in declaration order.
 */
public enum RotationStep {
    /**
     * The new secret is stored; the target may or may not have been changed (a crash during the
     * change leaves this step), so a resumed rotation asks the target which secret it accepts.
     */
    STORED,
    /** The target's change call returned: the target should now accept the new secret. */
    CHANGED,
    /** The target accepted the new secret; only the promotion is left. */
    VERIFIED;

    /** @param other another step; not null @return whether this step is later than {@code other} */
    public boolean isAfter(RotationStep other) {
        return compareTo(other) > 0;
    }
}
