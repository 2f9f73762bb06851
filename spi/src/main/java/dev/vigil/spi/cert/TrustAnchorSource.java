package dev.vigil.spi.cert;

import java.security.cert.X509Certificate;
import java.util.List;

/** The root certificates the host trusts, for chain validation and CT. */
@FunctionalInterface
public interface TrustAnchorSource {

    /** @return the trust anchors as of now; not null, possibly empty (then no chain validates) */
    List<X509Certificate> trustAnchors();
}
