package dev.vigil.jobs.cert.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CtLogListTest {
    private static final TestCtLog ARGON = TestCtLog.ec("Test Argon", "Operator A");
    private static final TestCtLog XENON = TestCtLog.ec("Test Xenon", "Operator A");
    private static final TestCtLog OAK = TestCtLog.rsa("Test Oak", "Operator B");
    private static final Instant SINCE = Instant.parse("2025-03-01T00:00:00Z");

    private static String list(String operatorA, String operatorB) {
        return "{\"version\": \"42.7\", \"log_list_timestamp\": \"2026-01-15T12:00:00Z\","
                + " \"future_field\": {\"x\": [1]},"
                + " \"operators\": [{\"name\": \"Operator A\", \"email\": [\"ct@a.example\"], \"logs\": [" + operatorA
                + "]}, {\"name\": \"Operator B\", \"email\": [], \"logs\": [], \"tiled_logs\": [" + operatorB + "]}]}";
    }

    @Test
    void operatorsLogsStatesAndIntervalsAreRead() {
        String json = list(ARGON.json("usable", SINCE, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-07-01T00:00:00Z")) + "," + XENON.json("retired", SINCE),
                OAK.json("readonly", SINCE));

        CtLogList logs = CtLogList.parse(json);

        assertThat(logs.problems()).isEmpty();
        assertThat(logs.version()).contains("42.7");
        assertThat(logs.timestamp()).contains(Instant.parse("2026-01-15T12:00:00Z"));
        assertThat(logs.logs()).extracting(CtLog::description, CtLog::operator, CtLog::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Test Argon", "Operator A", CtLogState.USABLE),
                        org.assertj.core.groups.Tuple.tuple("Test Xenon", "Operator A", CtLogState.RETIRED),
                        org.assertj.core.groups.Tuple.tuple("Test Oak", "Operator B", CtLogState.READONLY));
        CtLog argon = logs.byLogId(ARGON.logId()).orElseThrow();
        assertThat(argon.stateSince()).isEqualTo(SINCE);
        assertThat(argon.publicKey()).isEqualTo(ARGON.keys.getPublic());
        assertThat(argon.temporalInterval()).contains(new CtLog.TemporalInterval(
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z")));
        assertThat(argon.acceptsExpiry(Instant.parse("2026-06-30T23:59:59Z"))).isTrue();
        assertThat(argon.acceptsExpiry(Instant.parse("2026-07-01T00:00:00Z"))).isFalse();
        assertThat(logs.byLogId(OAK.logId()).orElseThrow().publicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(logs.byLogId(new byte[32])).isEmpty();
    }

    @Test
    void aLogWhoseIdIsNotTheHashOfItsKeyIsLeftOutAndTheOthersLoad() {
        String forged = ARGON.json("usable", SINCE).replace(ARGON.logIdBase64(), XENON.logIdBase64());

        CtLogList logs = CtLogList.parse(list(forged + "," + XENON.json("usable", SINCE), OAK.json("usable", SINCE)));

        assertThat(logs.logs()).extracting(CtLog::description).containsExactly("Test Xenon", "Test Oak");
        assertThat(logs.problems()).singleElement().asString()
                .contains("$.operators[0].logs[0]", "'Test Argon'", "is not the SHA-256 of its key");
    }

    @Test
    void aLogWithAMemberOfTheWrongTypeIsLeftOutNamingThePath() {
        String wrong = ARGON.json("usable", SINCE).replace("\"" + ARGON.keyBase64() + "\"", "12345");
        String noState = OAK.json("usable", SINCE).replaceAll(", \"state\": \\{[^}]*}}", "");

        CtLogList logs = CtLogList.parse(list(wrong + "," + XENON.json("usable", SINCE), noState));

        assertThat(logs.logs()).extracting(CtLog::description).containsExactly("Test Xenon");
        assertThat(logs.problems()).containsExactly(
                "$.operators[0].logs[0] ('Test Argon') left out:"
                        + " $.operators[0].logs[0].key must be a string but is a number",
                "$.operators[1].tiled_logs[0] ('Test Oak') left out: $.operators[1].tiled_logs[0].state is missing;"
                        + " it must be an object");
    }

    @Test
    void aKeyThatIsNotAPublicKeyAnUnknownStateAndABadDateAreProblemsOfTheirLogs() {
        String notBase64 = ARGON.json("usable", SINCE).replace(ARGON.keyBase64(), "not base64!");
        String notAKey = XENON.json("usable", SINCE).replace(XENON.keyBase64(),
                Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        String unknownState = OAK.json("frozen", SINCE);
        String badDate = TestCtLog.ec("Test Neon", "Operator B").json("usable", SINCE)
                .replace(SINCE.toString(), "yesterday");

        CtLogList logs = CtLogList.parse(list(notBase64 + "," + notAKey, unknownState + "," + badDate));

        assertThat(logs.logs()).isEmpty();
        assertThat(logs.problems()).hasSize(4);
        assertThat(logs.problems().get(0)).contains("logs[0].key is not base64");
        assertThat(logs.problems().get(1)).contains("logs[1].key is not a DER SubjectPublicKeyInfo");
        assertThat(logs.problems().get(2)).contains("names an unknown state \"frozen\"");
        assertThat(logs.problems().get(3)).contains("state.usable.timestamp must be an RFC 3339 date-time",
                "\"yesterday\"");
    }

    @Test
    void previousOperatorsAreReadAndNameTheOperatorAtAnInstant() {
        String moved = ARGON.json("usable", SINCE).replaceFirst("\\{", "{\"previous_operators\": ["
                + "{\"name\": \"Later Co\", \"end_time\": \"2025-06-01T00:00:00Z\"},"
                + "{\"name\": \"First Co\", \"end_time\": \"2024-06-01T00:00:00Z\"}], ");

        CtLog log = CtLogList.parse(list(moved, "")).logs().get(0);

        assertThat(log.previousOperators()).extracting(CtLog.PreviousOperator::name)
                .containsExactly("First Co", "Later Co");
        assertThat(log.operatorAt(Instant.parse("2024-05-31T23:59:59Z"))).isEqualTo("First Co");
        assertThat(log.operatorAt(Instant.parse("2024-06-01T00:00:00Z"))).isEqualTo("Later Co");
        assertThat(log.operatorAt(Instant.parse("2025-06-01T00:00:00Z"))).isEqualTo("Operator A");
    }

    @Test
    void aLogListedTwiceIsKeptOnce() {
        CtLogList logs = CtLogList.parse(list(ARGON.json("usable", SINCE) + "," + ARGON.json("retired", SINCE), ""));

        assertThat(logs.logs()).singleElement().extracting(CtLog::state).isEqualTo(CtLogState.USABLE);
        assertThat(logs.problems()).singleElement().asString().contains("is already used by log 'Test Argon'");
    }

    @Test
    void aDocumentNotShapedLikeALogListIsRejectedAsAWhole() {
        assertThatThrownBy(() -> CtLogList.parse("{\"operators\": \"none\"}")).isInstanceOf(CtFormatException.class)
                .hasMessage("$.operators must be an array but is a string");
        assertThatThrownBy(() -> CtLogList.parse("[]")).isInstanceOf(CtFormatException.class)
                .hasMessage("$ must be an object but is an array");
        assertThatThrownBy(() -> CtLogList.parse("{\"operators\": [{\"name\": null, \"logs\": []}]}"))
                .isInstanceOf(CtFormatException.class).hasMessage("$.operators[0].name must be a string but is null");
        assertThatThrownBy(() -> CtLogList.parse("{\"operators\": [{\"name\": \"A\", \"logs\": {}}]}"))
                .isInstanceOf(CtFormatException.class)
                .hasMessage("$.operators[0].logs must be an array but is an object");
    }

    @Test
    void aTruncatedDocumentIsRejectedWithItsPosition() {
        String json = list(ARGON.json("usable", SINCE), "");
        String truncated = json.substring(0, json.length() / 2);

        assertThatThrownBy(() -> CtLogList.parse(truncated)).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("malformed JSON at line 1")
                .hasMessageContaining("offset " + truncated.length());
    }

    @Test
    void aListBuiltInCodeRefusesTwoLogsWithOneId() {
        CtLog argon = CtLogList.parse(list(ARGON.json("usable", SINCE), "")).logs().get(0);

        assertThat(CtLogList.of(java.util.List.of(argon)).byLogId(ARGON.logId())).contains(argon);
        assertThatThrownBy(() -> CtLogList.of(java.util.List.of(argon, argon)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ARGON.logIdBase64());
    }
}
