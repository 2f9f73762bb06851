package dev.vigil.jobs.cert.ct;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader: objects become {@code LinkedHashMap<String, Object>}, arrays
 * {@code List<Object>}, strings {@code String}, numbers {@code BigDecimal}, true/false {@code Boolean}
 * and null {@link #NULL}.
 *
 * <p>Why not a library: the design card limits jobs-cert to spi, BouncyCastle, dnsjava and slf4j, and
 * the only JSON this module reads is the CT log list, so a hundred lines of strict parsing beat a new
 * dependency. Strict means: one value and nothing after it but whitespace, no trailing commas, no
 * comments, no duplicate keys, no unescaped control characters, no lone surrogates, numbers exactly as
 * the grammar says; nesting and input size are capped.
 */
final class JsonReader {
    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int MAX_DEPTH = 64;
    static final int MAX_CHARS = 16 * 1024 * 1024;

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * @param text the whole document; not null
     * @return the value it holds
     * @throws CtFormatException when it is not exactly one JSON value, naming the character position
     */
    static Object parse(String text) {
        if (text.length() > MAX_CHARS) {
            throw new CtFormatException("JSON document has " + text.length() + " characters, more than the limit of "
                    + MAX_CHARS);
        }
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("unexpected " + reader.describe(reader.pos) + " after the JSON value");
        }
        return value;
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw error("the document ends where a value was expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value but found " + describe(pos));
        }
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes but found " + describe(pos));
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object member = value(depth);
            if (members.putIfAbsent(key, member) != null) {
                pos = keyAt;
                throw error("duplicate member name \"" + key + "\"");
            }
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return members;
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return elements;
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("the document ends inside a string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c != '\\') {
                if (Character.isSurrogate(c)) {
                    out.append(surrogatePair(c, pos, false));
                    continue;
                }
                out.append(c);
                pos++;
                continue;
            }
            int escapeAt = pos;
            pos++;
            if (pos >= text.length()) {
                throw error("the document ends inside an escape sequence");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char unit = hex4(escapeAt);
                    if (Character.isSurrogate(unit)) {
                        out.append(surrogatePair(unit, escapeAt, true));
                    } else {
                        out.append(unit);
                    }
                }
                default -> {
                    pos = escapeAt;
                    throw error("invalid escape sequence \\" + e);
                }
            }
        }
    }

    /** Reads the low half after a high surrogate (raw or escaped), or fails on a lone surrogate. */
    private String surrogatePair(char high, int at, boolean escaped) {
        if (!escaped) {
            pos++;
        }
        if (Character.isHighSurrogate(high)) {
            if (escaped && text.startsWith("\\u", pos)) {
                int lowAt = pos;
                pos += 2;
                char low = hex4(lowAt);
                if (Character.isLowSurrogate(low)) {
                    return new String(new char[] {high, low});
                }
            } else if (!escaped && pos < text.length() && Character.isLowSurrogate(text.charAt(pos))) {
                char low = text.charAt(pos++);
                return new String(new char[] {high, low});
            }
        }
        pos = at;
        throw error("lone surrogate U+" + String.format("%04X", (int) high) + " in a string");
    }

    private char hex4(int escapeAt) {
        if (pos + 4 > text.length()) {
            pos = escapeAt;
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                pos = escapeAt;
                throw error("invalid \\u escape: \"" + text.substring(escapeAt, escapeAt + 6) + "\"");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit but found " + describe(pos));
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point but found " + describe(pos));
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent but found " + describe(pos));
            }
            digits();
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("number out of range");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value but found " + describe(pos));
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "' but found " + describe(pos));
        }
        pos++;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "the end of the document";
        }
        char c = text.charAt(at);
        return c < 0x20 ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private CtFormatException error(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new CtFormatException("malformed JSON at line " + line + ", column " + column + " (offset " + pos + "): "
                + message);
    }
}
