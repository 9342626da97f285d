package dev.stampede.server.web;

import java.util.Map;
import java.util.regex.Pattern;

/** Checks on client input; each failure is a 400 problem naming the field. */
final class Validation {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern KV_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private Validation() {}

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw invalid(field, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw invalid(field, "must be non-blank text of at most " + maxLength + " characters");
        }
        return value;
    }

    static long between(String field, Long value, long min, long max) {
        if (value == null || value < min || value > max) {
            throw invalid(field, "must be an integer from %d to %d".formatted(min, max));
        }
        return value;
    }

    static int between(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw invalid(field, "must be an integer from %d to %d".formatted(min, max));
        }
        return value;
    }

    /** An {@code Idempotency-Key} header: absent, or 1-255 visible ASCII characters. */
    static String idempotencyKey(String value) {
        if (value != null && !KEY.matcher(value).matches()) {
            throw invalid("Idempotency-Key", "must be 1-255 visible ASCII characters");
        }
        return value;
    }

    /** A key of the key-value API: 1-200 letters, digits, '.', '_', ':' or '-'. */
    static String kvKey(String value) {
        if (value == null || !KV_KEY.matcher(value).matches()) {
            throw invalid("key", "must be 1-200 letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    /** A value of the key-value API: any string (the body's reader has already held it to {@link StorableText}). */
    static String kvValue(String value) {
        if (value == null) {
            throw invalid("value", "must be a string");
        }
        return value;
    }

    static ProblemException invalid(String field, String rule) {
        return new ProblemException(Problems.VALIDATION, "'%s' %s.".formatted(field, rule), Map.of("field", field));
    }
}
