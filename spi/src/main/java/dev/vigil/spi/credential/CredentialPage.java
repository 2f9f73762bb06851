package dev.vigil.spi.credential;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the host's managed credentials.
 *
 * @param credentials the credentials, in the store's stable order; copied; not null
 * @param nextCursor where the next page starts; empty when this is the last page; not null
 */
public record CredentialPage(List<ManagedCredential> credentials, Optional<String> nextCursor) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if an argument or a credential is null
     */
    public CredentialPage {
        credentials = List.copyOf(credentials);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
