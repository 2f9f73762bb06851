package dev.vigil.jobs.cert;

import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.Secret;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates the new secret of a credential from its kind and policy, with a {@link SecureRandom}:
 * passwords that hold every required character class, unpadded base64url tokens, and EC, RSA or
 * Ed25519 key pairs through the JCA. The policy keys are documented on {@link CredentialKind}; an
 * invalid policy is a {@link PolicyException} whose message says what to fix.
 */
final class SecretGenerator {
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 256;
    static final int DEFAULT_PASSWORD_LENGTH = 24;
    static final int MIN_TOKEN_BYTES = 16;
    static final int MAX_TOKEN_BYTES = 512;
    static final int DEFAULT_TOKEN_BYTES = 32;
    static final String DEFAULT_SYMBOLS = "!#%+-.:=?@_~";
    static final String AMBIGUOUS = "0Oo1lI|";

    private static final Map<String, String> CLASSES = Map.of(
            "lower", "abcdefghijklmnopqrstuvwxyz",
            "upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "digit", "0123456789");
    private static final List<String> CLASS_ORDER = List.of("lower", "upper", "digit", "symbol");
    private static final Map<CredentialKind, Set<String>> KEYS = Map.of(
            CredentialKind.PASSWORD, Set.of("length", "classes", "symbols", "excludeAmbiguous"),
            CredentialKind.TOKEN, Set.of("bytes"),
            CredentialKind.KEY_PAIR, Set.of("algorithm", "curve", "size"));
    private static final Set<String> CURVES = Set.of("secp256r1", "secp384r1", "secp521r1");
    private static final Set<String> RSA_SIZES = Set.of("2048", "3072", "4096");

    /** An invalid policy: the credential fails with this message and nothing is stored or changed. */
    static final class PolicyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PolicyException(String message) {
            super(message);
        }
    }

    private final SecureRandom random;

    SecretGenerator() {
        this(new SecureRandom());
    }

    /** For tests only: a seeded or counting random. */
    SecretGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @return a new secret for the credential
     * @throws PolicyException if its policy is invalid
     */
    Secret generate(ManagedCredential credential) {
        Map<String, String> policy = credential.policy();
        Set<String> unknown = new TreeSet<>(policy.keySet());
        unknown.removeAll(KEYS.get(credential.kind()));
        if (!unknown.isEmpty()) {
            throw new PolicyException("unknown " + credential.kind() + " policy key(s) " + unknown + "; allowed: "
                    + new TreeSet<>(KEYS.get(credential.kind())));
        }
        return switch (credential.kind()) {
            case PASSWORD -> password(policy);
            case TOKEN -> token(policy);
            case KEY_PAIR -> keyPair(policy);
        };
    }

    private Secret password(Map<String, String> policy) {
        int length = integer(policy, "length", DEFAULT_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH);
        boolean excludeAmbiguous = bool(policy, "excludeAmbiguous", true);
        Set<String> classes = new LinkedHashSet<>();
        for (String name : policy.getOrDefault("classes", String.join(",", CLASS_ORDER)).split(",", -1)) {
            String trimmed = name.trim();
            if (!CLASS_ORDER.contains(trimmed)) {
                throw new PolicyException("password policy 'classes' has '" + trimmed + "'; allowed: "
                        + String.join(", ", CLASS_ORDER) + ", comma-separated");
            }
            if (!classes.add(trimmed)) {
                throw new PolicyException("password policy 'classes' names '" + trimmed + "' twice");
            }
        }
        String symbols = policy.getOrDefault("symbols", DEFAULT_SYMBOLS);
        for (char c : symbols.toCharArray()) {
            if (c <= ' ' || c > '~' || Character.isLetterOrDigit(c)) {
                throw new PolicyException("password policy 'symbols' may hold printable ASCII symbols only, "
                        + "no letters, digits or spaces; it has character U+" + String.format("%04X", (int) c));
            }
        }
        List<char[]> sets = new ArrayList<>();
        for (String name : CLASS_ORDER) {
            if (!classes.contains(name)) {
                continue;
            }
            String chars = name.equals("symbol") ? symbols : CLASSES.get(name);
            StringBuilder kept = new StringBuilder();
            chars.chars().distinct().filter(c -> !excludeAmbiguous || AMBIGUOUS.indexOf(c) < 0)
                    .forEach(c -> kept.append((char) c));
            if (kept.length() == 0) {
                throw new PolicyException("password policy class '" + name + "' has no characters left"
                        + (excludeAmbiguous ? " after removing the ambiguous ones (" + AMBIGUOUS + ")" : ""));
            }
            sets.add(kept.toString().toCharArray());
        }
        if (length < sets.size()) {
            throw new PolicyException("password policy 'length' " + length + " is shorter than the " + sets.size()
                    + " required character classes");
        }
        int all = sets.stream().mapToInt(s -> s.length).sum();
        char[] union = new char[all];
        int at = 0;
        for (char[] set : sets) {
            System.arraycopy(set, 0, union, at, set.length);
            at += set.length;
        }
        char[] password = new char[length];
        int i = 0;
        for (char[] set : sets) {
            password[i++] = set[random.nextInt(set.length)];
        }
        for (; i < length; i++) {
            password[i] = union[random.nextInt(union.length)];
        }
        for (int j = length - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            char t = password[j];
            password[j] = password[k];
            password[k] = t;
        }
        try {
            return Secret.ofText(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Secret token(Map<String, String> policy) {
        int size = integer(policy, "bytes", DEFAULT_TOKEN_BYTES, MIN_TOKEN_BYTES, MAX_TOKEN_BYTES);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        char[] text = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            text[i] = (char) encoded[i];
        }
        try {
            return Secret.ofText(text);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
            Arrays.fill(text, '\0');
        }
    }

    private Secret keyPair(Map<String, String> policy) {
        String algorithm = policy.getOrDefault("algorithm", "EC");
        try {
            KeyPairGenerator generator;
            switch (algorithm) {
                case "EC" -> {
                    refuse(policy, "size", "EC");
                    String curve = policy.getOrDefault("curve", "secp256r1");
                    if (!CURVES.contains(curve)) {
                        throw new PolicyException("key policy 'curve' '" + curve + "' is not supported; allowed: "
                                + new TreeSet<>(CURVES));
                    }
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(curve), random);
                }
                case "RSA" -> {
                    refuse(policy, "curve", "RSA");
                    String size = policy.getOrDefault("size", "3072");
                    if (!RSA_SIZES.contains(size)) {
                        throw new PolicyException("key policy 'size' '" + size + "' is not supported for RSA; allowed: "
                                + new TreeSet<>(RSA_SIZES));
                    }
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(new RSAKeyGenParameterSpec(Integer.parseInt(size), RSAKeyGenParameterSpec.F4),
                            random);
                }
                case "Ed25519" -> {
                    refuse(policy, "curve", "Ed25519");
                    refuse(policy, "size", "Ed25519");
                    generator = KeyPairGenerator.getInstance("Ed25519");
                    generator.initialize(NamedParameterSpec.ED25519, random);
                }
                default -> throw new PolicyException("key policy 'algorithm' '" + algorithm
                        + "' is not supported; allowed: EC, RSA, Ed25519");
            }
            KeyPair pair = generator.generateKeyPair();
            byte[] privateKey = pair.getPrivate().getEncoded();
            try {
                return Secret.ofKeyPair(privateKey, pair.getPublic().getEncoded());
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCA cannot generate a " + algorithm + " key pair: " + e.getMessage(), e);
        }
    }

    private static void refuse(Map<String, String> policy, String key, String algorithm) {
        if (policy.containsKey(key)) {
            throw new PolicyException("key policy '" + key + "' does not apply to " + algorithm + " keys");
        }
    }

    private static int integer(Map<String, String> policy, String key, int fallback, int min, int max) {
        String text = policy.get(key);
        if (text == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new PolicyException("policy '" + key + "' must be a whole number from " + min + " to " + max
                    + ", was '" + text + "'");
        }
        if (value < min || value > max) {
            throw new PolicyException("policy '" + key + "' must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    private static boolean bool(Map<String, String> policy, String key, boolean fallback) {
        String text = policy.get(key);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new PolicyException("policy '" + key + "' must be true or false, was '" + text + "'");
        };
    }
}
