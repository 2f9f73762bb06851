package dev.vigil.jobs.cert.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void objectsArraysStringsNumbersAndLiteralsAreRead() {
        Object value = JsonReader.parse(" {\"a\": [1, -2.5e3, 0.0], \"b\": {\"c\": true, \"d\": false, \"e\": null},"
                + " \"f\": \"text\", \"g\": []}\n");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) value;
        assertThat(top.keySet()).containsExactly("a", "b", "f", "g");
        assertThat(top.get("a")).asList().containsExactly(new BigDecimal("1"), new BigDecimal("-2.5e3"),
                new BigDecimal("0.0"));
        Map<?, ?> b = (Map<?, ?>) top.get("b");
        assertThat(b.get("c")).isEqualTo(Boolean.TRUE);
        assertThat(b.get("d")).isEqualTo(Boolean.FALSE);
        assertThat(b.get("e")).isSameAs(JsonReader.NULL);
        assertThat(top.get("f")).isEqualTo("text");
        assertThat((List<?>) top.get("g")).isEmpty();
    }

    @Test
    void escapesDecodeIncludingUnicodeEscapesAndSurrogatePairs() {
        Object value = JsonReader.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \u00e9\"");

        assertThat(value).isEqualTo("q\" b\\ s/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u00e9");
    }

    @Test
    void aBadEscapeIsAnErrorNamingItsPosition() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":\n \"x\\qy\"}"))
                .isInstanceOf(CtFormatException.class)
                .hasMessageContaining("line 2, column 4")
                .hasMessageContaining("invalid escape sequence \\q");
    }

    @Test
    void aMalformedUnicodeEscapeIsAnError() {
        assertThatThrownBy(() -> JsonReader.parse("\"\\u12G4\"")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("invalid \\u escape");
        assertThatThrownBy(() -> JsonReader.parse("\"\\u12")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("truncated \\u escape");
    }

    @Test
    void aLoneSurrogateIsAnError() {
        assertThatThrownBy(() -> JsonReader.parse("\"\\ud83d x\"")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("lone surrogate U+D83D");
        assertThatThrownBy(() -> JsonReader.parse("\"\\ude00\"")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("lone surrogate U+DE00");
    }

    @Test
    void aTruncatedDocumentIsAnError() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": [1, 2")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("offset 11")
                .hasMessageContaining("the end of the document");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": \"abc")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("ends inside a string");
        assertThatThrownBy(() -> JsonReader.parse("")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("ends where a value was expected");
    }

    @Test
    void trailingCommasAndTrailingContentAreErrors() {
        assertThatThrownBy(() -> JsonReader.parse("[1, 2,]")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("expected a value but found ']'");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1,}")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("expected a member name");
        assertThatThrownBy(() -> JsonReader.parse("{} {}")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("after the JSON value");
    }

    @Test
    void duplicateMemberNamesAreAnError() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1, \"a\": 2}")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("duplicate member name \"a\"");
    }

    @Test
    void numbersOutsideTheGrammarAreErrors() {
        for (String bad : List.of("01", "1.", ".5", "-", "1e", "+1", "NaN")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(CtFormatException.class)
                    .hasMessageContaining("malformed JSON");
        }
    }

    @Test
    void unescapedControlCharactersAndMisspelledLiteralsAreErrors() {
        assertThatThrownBy(() -> JsonReader.parse("\"a\tb\"")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("unescaped control character U+0009");
        assertThatThrownBy(() -> JsonReader.parse("[tru]")).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("expected a value");
    }

    @Test
    void nestingBeyondTheLimitIsAnErrorButTheLimitItselfIsFine() {
        String deepest = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        String tooDeep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);

        assertThat(JsonReader.parse(deepest)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonReader.parse(tooDeep)).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("nesting deeper than 64 levels");
    }
}
