package dev.vigil.core.store;

import dev.vigil.spi.ItemError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes parameter maps and item errors as text for a database column, one {@code key=value}
 * pair per line with {@code %}, {@code =}, CR and LF percent-escaped. Small on purpose: no JSON
 * library, no Java serialization.
 */
final class TextCodec {
    private TextCodec() {
    }

    static String encodeMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        map.forEach((k, v) -> pair(out, k, v));
        return out.toString();
    }

    static Map<String, String> decodeMap(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        forEachPair(text, map::put);
        return map;
    }

    static String encodeErrors(List<ItemError> errors) {
        StringBuilder out = new StringBuilder();
        errors.forEach(e -> pair(out, e.item(), e.message()));
        return out.toString();
    }

    static List<ItemError> decodeErrors(String text) {
        List<ItemError> errors = new ArrayList<>();
        forEachPair(text, (k, v) -> errors.add(new ItemError(k, v)));
        return errors;
    }

    private static void pair(StringBuilder out, String key, String value) {
        escape(out, key);
        out.append('=');
        escape(out, value);
        out.append('\n');
    }

    private interface PairConsumer {
        void accept(String key, String value);
    }

    private static void forEachPair(String text, PairConsumer consumer) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Malformed stored pair: no '=' in a line of " + line.length()
                        + " characters");
            }
            consumer.accept(unescape(line.substring(0, eq)), unescape(line.substring(eq + 1)));
        }
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '=' -> out.append("%3D");
                case '\n' -> out.append("%0A");
                case '\r' -> out.append("%0D");
                default -> out.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
