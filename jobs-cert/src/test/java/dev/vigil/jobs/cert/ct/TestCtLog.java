package dev.vigil.jobs.cert.ct;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A CT log for tests: its own key pair (EC P-256, or RSA 2048), a description and an operator. It signs
 * SCTs over whatever bytes it is given; {@link SctLeaves} builds those bytes independently of the engine.
 */
public final class TestCtLog {
    final String description;
    final String operator;
    final KeyPair keys;
    final boolean rsa;

    private TestCtLog(String description, String operator, KeyPair keys, boolean rsa) {
        this.description = description;
        this.operator = operator;
        this.keys = keys;
        this.rsa = rsa;
    }

    public static TestCtLog ec(String description, String operator) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return new TestCtLog(description, operator, g.generateKeyPair(), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestCtLog rsa(String description, String operator) {
        return new TestCtLog(description, operator, dev.vigil.jobs.cert.testing.TestPki.rsa("ct-" + description), true);
    }

    byte[] logId() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logIdBase64() {
        return Base64.getEncoder().encodeToString(logId());
    }

    public String keyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    int signatureAlgorithm() {
        return rsa ? 1 : 3;
    }

    byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
            s.initSign(keys.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return this log's entry of a v3 log list, in the given state since the given instant */
    public String json(String state, Instant since) {
        return json(state, since, null, null);
    }

    public String json(String state, Instant since, Instant intervalStart, Instant intervalEnd) {
        String interval = intervalStart == null ? "" : ",\n \"temporal_interval\": {\"start_inclusive\": \""
                + intervalStart + "\", \"end_exclusive\": \"" + intervalEnd + "\"}";
        return "{\"description\": \"" + description + "\", \"log_id\": \"" + logIdBase64() + "\", \"key\": \""
                + keyBase64() + "\", \"url\": \"https://ct.example/" + description.replace(' ', '-') + "/\","
                + " \"mmd\": 86400,"
                + " \"state\": {\"" + state + "\": {\"timestamp\": \"" + since + "\"}}" + interval + "}";
    }
}
