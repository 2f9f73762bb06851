package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String text = "say \"hi\"\\ \n\r\t\b\f \u0001 \u001f \u2028 é ✓ 😀";

        String json = new JsonWriter().value(text).toString();

        assertThat(json).isEqualTo("\"say \\\"hi\\\"\\\\ \\n\\r\\t\\b\\f \\u0001 \\u001f \\u2028 é ✓ 😀\"");
        assertThat(MiniJson.parse(json)).isEqualTo(text);
    }

    @Test
    void escapesUnpairedSurrogates() {
        String json = new JsonWriter().value("a\ud800b\udc00").toString();

        assertThat(json).isEqualTo("\"a\\ud800b\\udc00\"");
    }

    @Test
    void writesNestedObjectsAndArraysThatParseBack() {
        String json = new JsonWriter().beginObject()
                .name("id").value("vigil.watchdog")
                .name("count").value(3)
                .name("on").value(true)
                .name("reason").nullValue()
                .name("empty").beginArray().endArray()
                .name("list").beginArray().value("a").beginObject().name("k").value(-1).endObject().endArray()
                .endObject().toString();

        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("id", "vigil.watchdog");
        expected.put("count", 3L);
        expected.put("on", true);
        expected.put("reason", null);
        expected.put("empty", List.of());
        expected.put("list", List.of("a", Map.of("k", -1L)));
        assertThat(MiniJson.parse(json)).isEqualTo(expected);
        assertThat(json).startsWith("{\n  \"id\": \"vigil.watchdog\",\n  \"count\": 3,");
    }

    @Test
    void rejectsAValueWithoutANameAndUnbalancedEnds() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().value(1).value(2)).isInstanceOf(IllegalStateException.class);
    }
}
