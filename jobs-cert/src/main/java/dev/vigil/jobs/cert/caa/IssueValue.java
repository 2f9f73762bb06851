package dev.vigil.jobs.cert.caa;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * A parsed {@code issue} or {@code issuewild} property value (RFC 8659 §4.2):
 *
 * <pre>
 * issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]]
 * issuer-domain-name = label *("." label)
 * label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))
 * parameters = (parameter *WSP ";" *WSP parameters) / parameter
 * parameter = tag *WSP "=" *WSP value
 * tag = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))
 * value = *(%x21-3A / %x3C-7E)
 * </pre>
 *
 * The parser is strict: a value off this grammar (a trailing {@code ;} after a parameter included) or
 * with the same parameter tag twice is malformed, and a malformed value authorises no CA.
 *
 * @param issuerDomainName lower case; empty when the value names no CA, which forbids issuance
 * @param parameters by lower-case tag, in the order given
 */
record IssueValue(Optional<String> issuerDomainName, Map<String, String> parameters) {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9])*");
    private static final Pattern DOMAIN = Pattern.compile(LABEL.pattern() + "(\\." + LABEL.pattern() + ")*");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9-]+");

    IssueValue {
        parameters = Map.copyOf(parameters);
    }

    static boolean isIssuerDomainName(String text) {
        return DOMAIN.matcher(text).matches();
    }

    static boolean isMethodLabel(String text) {
        return METHOD.matcher(text).matches();
    }

    private static boolean isLdh(int ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-';
    }

    /** @return the parsed value, or empty when it is malformed */
    static Optional<IssueValue> parse(String text) {
        Cursor c = new Cursor(text);
        c.skipWsp();
        Optional<String> issuer = Optional.empty();
        String domain = c.take(ch -> isLdh(ch) || ch == '.');
        if (!domain.isEmpty()) {
            if (!isIssuerDomainName(domain)) {
                return Optional.empty();
            }
            issuer = Optional.of(domain.toLowerCase(Locale.ROOT));
            c.skipWsp();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (c.atEnd()) {
            return Optional.of(new IssueValue(issuer, parameters));
        }
        if (!c.accept(';')) {
            return Optional.empty();
        }
        c.skipWsp();
        if (c.atEnd()) {
            return Optional.of(new IssueValue(issuer, parameters));
        }
        while (true) {
            String tag = c.take(IssueValue::isLdh);
            if (!LABEL.matcher(tag).matches()) {
                return Optional.empty();
            }
            c.skipWsp();
            if (!c.accept('=')) {
                return Optional.empty();
            }
            c.skipWsp();
            String value = c.take(ch -> ch >= 0x21 && ch <= 0x7E && ch != ';');
            if (parameters.putIfAbsent(tag.toLowerCase(Locale.ROOT), value) != null) {
                return Optional.empty();
            }
            c.skipWsp();
            if (c.atEnd()) {
                return Optional.of(new IssueValue(issuer, parameters));
            }
            if (!c.accept(';')) {
                return Optional.empty();
            }
            c.skipWsp();
        }
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at == text.length();
        }

        void skipWsp() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        boolean accept(char expected) {
            if (at < text.length() && text.charAt(at) == expected) {
                at++;
                return true;
            }
            return false;
        }

        /** @return the longest run of characters from here that each pass the test */
        String take(IntPredicate test) {
            int start = at;
            while (at < text.length() && test.test(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }
    }
}
