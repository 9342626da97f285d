package dev.stampede.server.web;

/**
 * The one rule every piece of client text obeys at the edge, whatever field, id or path segment it is: it must be text
 * that every store we write it to keeps exactly as sent. PostgreSQL {@code text} refuses NUL; MariaDB {@code utf8mb4}
 * and PostgreSQL's UTF-8 cannot encode an unpaired UTF-16 surrogate (Jackson decodes {@code "\ud800"} into one); Redis
 * takes any bytes, so a value it accepted could later fail in PostgreSQL. Control characters (Unicode category Cc)
 * other than tab, line feed and carriage return are refused too: no store needs them and they only ever hide what a
 * value is in logs and terminals. Anything else is admitted; each field's own rules (length, id syntax) come on top.
 */
final class StorableText {

    static final String RULE = "must be text without NUL, other control characters (tab, line feed and carriage return"
            + " aside) or unpaired surrogates";

    private StorableText() {}

    static boolean admits(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
                return false;
            }
        }
        return true;
    }
}
