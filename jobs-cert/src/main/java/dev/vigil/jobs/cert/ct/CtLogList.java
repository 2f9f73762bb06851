package dev.vigil.jobs.cert.ct;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CT logs a checker trusts, read from Chrome's log list v3 JSON ({@code log_list.json}): for each
 * of {@code operators[]}, its {@code name} and the entries of {@code logs[]} and {@code tiled_logs[]},
 * each with {@code description}, {@code log_id}, {@code key}, {@code state} and an optional
 * {@code temporal_interval} and {@code previous_operators}. Unknown members are ignored.
 *
 * <p>A log entry that is wrong (a member missing or of the wrong type, a key that does not decode, a
 * {@code log_id} that is not the SHA-256 of the key, an unknown state, a log id seen before) is left out
 * and described in {@link #problems()}; the other logs still load. A document that is not JSON, or
 * whose top level or operators are not shaped like the log list, is rejected as a whole.
 *
 * <p>Immutable and thread-safe.
 */
public final class CtLogList {
    private static final Logger LOG = LoggerFactory.getLogger(CtLogList.class);

    private final Map<String, CtLog> byId;
    private final List<String> problems;
    private final Optional<String> version;
    private final Optional<Instant> timestamp;

    private CtLogList(Map<String, CtLog> byId, List<String> problems, Optional<String> version,
            Optional<Instant> timestamp) {
        this.byId = byId;
        this.problems = List.copyOf(problems);
        this.version = version;
        this.timestamp = timestamp;
    }

    /**
     * @param logs the logs; not null, without two logs of the same id
     * @return a list of exactly those logs
     * @throws IllegalArgumentException when two logs share an id
     */
    public static CtLogList of(List<CtLog> logs) {
        Map<String, CtLog> byId = new LinkedHashMap<>();
        for (CtLog log : logs) {
            if (byId.putIfAbsent(log.logId(), log) != null) {
                throw new IllegalArgumentException("two logs have the id " + log.logId());
            }
        }
        return new CtLogList(byId, List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * @param json the log list document; not null
     * @return the logs it lists
     * @throws CtFormatException when the document is not JSON or not shaped like a v3 log list
     */
    public static CtLogList parse(String json) {
        Objects.requireNonNull(json, "json");
        Object root = JsonReader.parse(json);
        Map<String, Object> top = object(root, "$");
        List<Object> operators = array(top.get("operators"), "$.operators");
        Map<String, CtLog> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < operators.size(); i++) {
            String path = "$.operators[" + i + "]";
            Map<String, Object> operator = object(operators.get(i), path);
            String name = string(operator.get("name"), path + ".name");
            for (String kind : List.of("logs", "tiled_logs")) {
                Object entries = operator.get(kind);
                if (entries == null) {
                    continue;
                }
                List<Object> logs = array(entries, path + "." + kind);
                for (int j = 0; j < logs.size(); j++) {
                    String logPath = path + "." + kind + "[" + j + "]";
                    try {
                        CtLog log = log(name, logs.get(j), logPath);
                        CtLog earlier = byId.putIfAbsent(log.logId(), log);
                        if (earlier != null) {
                            throw new CtFormatException("log id " + log.logId() + " is already used by log '"
                                    + earlier.description() + "'");
                        }
                    } catch (CtFormatException | IllegalArgumentException e) {
                        String problem = logPath + " (" + describe(logs.get(j)) + ") left out: " + e.getMessage();
                        LOG.warn("CT log list: {}", problem);
                        problems.add(problem);
                    }
                }
            }
        }
        Optional<String> version = Optional.ofNullable(top.get("version")).map(v -> string(v, "$.version"));
        Optional<Instant> timestamp = Optional.ofNullable(top.get("log_list_timestamp"))
                .map(v -> instant(v, "$.log_list_timestamp"));
        return new CtLogList(byId, problems, version, timestamp);
    }

    /** @return the logs, in the order the list gives them */
    public List<CtLog> logs() {
        return List.copyOf(byId.values());
    }

    /**
     * @param id the 32-byte log id an SCT carries; not null
     * @return the log with that id, if the list has it
     */
    public Optional<CtLog> byLogId(byte[] id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(byId.get(Base64.getEncoder().encodeToString(id)));
    }

    /** @return one message per log entry that was left out, naming the entry and why; empty when none */
    public List<String> problems() {
        return problems;
    }

    /** @return the list's {@code version}, if it has one */
    public Optional<String> version() {
        return version;
    }

    /** @return the list's {@code log_list_timestamp}, if it has one: a host may refuse a stale list */
    public Optional<Instant> timestamp() {
        return timestamp;
    }

    private static CtLog log(String operator, Object value, String path) {
        Map<String, Object> log = object(value, path);
        String description = string(log.get("description"), path + ".description");
        String logId = string(log.get("log_id"), path + ".log_id");
        PublicKey key = publicKey(string(log.get("key"), path + ".key"), path + ".key");
        Map<String, Object> stateObject = object(log.get("state"), path + ".state");
        if (stateObject.size() != 1) {
            throw new CtFormatException(path + ".state must have exactly one member, the state name, but has "
                    + stateObject.keySet());
        }
        String stateName = stateObject.keySet().iterator().next();
        CtLogState state = CtLogState.fromJsonName(stateName).orElseThrow(() -> new CtFormatException(
                path + ".state names an unknown state \"" + stateName + "\""));
        String statePath = path + ".state." + stateName;
        Instant since = instant(object(stateObject.get(stateName), statePath).get("timestamp"),
                statePath + ".timestamp");
        Optional<CtLog.TemporalInterval> interval = Optional.empty();
        Object intervalValue = log.get("temporal_interval");
        if (intervalValue != null) {
            String intervalPath = path + ".temporal_interval";
            Map<String, Object> i = object(intervalValue, intervalPath);
            interval = Optional.of(new CtLog.TemporalInterval(
                    instant(i.get("start_inclusive"), intervalPath + ".start_inclusive"),
                    instant(i.get("end_exclusive"), intervalPath + ".end_exclusive")));
        }
        List<CtLog.PreviousOperator> previous = new ArrayList<>();
        Object previousValue = log.get("previous_operators");
        if (previousValue != null) {
            List<Object> entries = array(previousValue, path + ".previous_operators");
            for (int k = 0; k < entries.size(); k++) {
                String previousPath = path + ".previous_operators[" + k + "]";
                Map<String, Object> p = object(entries.get(k), previousPath);
                previous.add(new CtLog.PreviousOperator(string(p.get("name"), previousPath + ".name"),
                        instant(p.get("end_time"), previousPath + ".end_time")));
            }
        }
        return new CtLog(operator, description, logId, key, state, since, interval, previous);
    }

    private static String describe(Object log) {
        if (log instanceof Map<?, ?> m && m.get("description") instanceof String d) {
            return "'" + d + "'";
        }
        return "no description";
    }

    static PublicKey publicKey(String base64, String path) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CtFormatException(path + " is not base64: " + e.getMessage());
        }
        String algorithm;
        try {
            ASN1ObjectIdentifier oid = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm();
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                algorithm = "EC";
            } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                algorithm = "RSA";
            } else {
                throw new CtFormatException(path + " is a key of algorithm " + oid
                        + "; CT logs sign with EC or RSA keys");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CtFormatException(path + " is not a DER SubjectPublicKeyInfo: " + e.getMessage());
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CtFormatException(path + " is not a valid " + algorithm + " public key: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw wrongType(value, path, "an object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value, String path) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw wrongType(value, path, "an array");
    }

    private static String string(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(value, path, "a string");
    }

    private static Instant instant(Object value, String path) {
        String text = string(value, path);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new CtFormatException(path + " must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z, got \""
                    + text + "\"");
        }
    }

    private static CtFormatException wrongType(Object value, String path, String expected) {
        if (value == null) {
            return new CtFormatException(path + " is missing; it must be " + expected);
        }
        String actual = value == JsonReader.NULL ? "null"
                : value instanceof Map ? "an object"
                : value instanceof List ? "an array"
                : value instanceof String ? "a string"
                : value instanceof Boolean ? "a boolean"
                : "a number";
        return new CtFormatException(path + " must be " + expected + " but is " + actual);
    }
}
