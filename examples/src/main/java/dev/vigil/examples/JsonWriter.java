package dev.vigil.examples;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes JSON for {@code --json} output, indented by two spaces, without a library:
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("id").value("vigil.watchdog").endObject().toString();
 * }</pre>
 *
 * <p>Strings are escaped as RFC 8259 requires: quote, backslash and control characters, plus
 * U+2028, U+2029 and unpaired surrogates as {@code \}{@code uXXXX}, so the output is valid JSON and
 * valid UTF-8 whatever the text. Misuse (a value where a name is due, unbalanced ends) throws
 * {@link IllegalStateException}. Not thread-safe.
 */
final class JsonWriter {

    /** One open object or array. */
    private static final class Frame {
        final boolean object;
        boolean empty = true;
        boolean nameWritten;

        Frame(boolean object) {
            this.object = object;
        }
    }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Frame> open = new ArrayDeque<>();
    private boolean done;

    /** @return this, inside a new object */
    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Frame(true));
        return this;
    }

    /** @return this, after the object */
    JsonWriter endObject() {
        return end(true, '}');
    }

    /** @return this, inside a new array */
    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Frame(false));
        return this;
    }

    /** @return this, after the array */
    JsonWriter endArray() {
        return end(false, ']');
    }

    /** @param name the next member's name; not null @return this */
    JsonWriter name(String name) {
        Frame f = open.peek();
        if (f == null || !f.object || f.nameWritten) {
            throw new IllegalStateException("A name belongs inside an object, before a value");
        }
        newElement(f);
        quote(name);
        out.append(": ");
        f.nameWritten = true;
        return this;
    }

    /** @param value a string, or null for JSON {@code null} @return this */
    JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    /** @param value a string, or empty for JSON {@code null} @return this */
    JsonWriter value(Optional<String> value) {
        return value(value.orElse(null));
    }

    /** @param value a number @return this */
    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** @param value a boolean @return this */
    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** @return this, after a JSON {@code null} */
    JsonWriter nullValue() {
        return value((String) null);
    }

    /**
     * @return the JSON text
     * @throws IllegalStateException if an object or array is still open
     */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("JSON is incomplete: " + open.size() + " object(s) or array(s) still open");
        }
        return out.toString();
    }

    private JsonWriter end(boolean object, char bracket) {
        Frame f = open.peek();
        if (f == null || f.object != object || f.nameWritten) {
            throw new IllegalStateException("No open " + (object ? "object" : "array") + " to end here");
        }
        open.pop();
        if (!f.empty) {
            newLine();
        }
        out.append(bracket);
        return this;
    }

    private void beforeValue() {
        Frame f = open.peek();
        if (f == null) {
            if (done) {
                throw new IllegalStateException("A JSON text has one top-level value");
            }
            done = true;
        } else if (f.object) {
            if (!f.nameWritten) {
                throw new IllegalStateException("A value inside an object needs a name first");
            }
            f.nameWritten = false;
        } else {
            newElement(f);
        }
    }

    private void newElement(Frame f) {
        if (!f.empty) {
            out.append(',');
        }
        f.empty = false;
        newLine();
    }

    private void newLine() {
        out.append('\n');
        out.append("  ".repeat(open.size()));
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isUnpairedSurrogate(s, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static boolean isUnpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
