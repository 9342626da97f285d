package dev.stampede.server.web;

import dev.stampede.core.kv.KvCondition;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * The entity tags of the key-value API and the conditional-request fields that carry them (RFC 9110, section 13.1). A
 * key's tag is the strong tag of its revision: {@code "42"}. A field that breaks the RFC's grammar is a 400 problem.
 */
final class EntityTags {

    /** One list element: an optional weak prefix, the quoted opaque tag, then a comma or the end. */
    private static final Pattern ELEMENT = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"[ \\t]*(?:,|$)");

    /** Blanks and empty list elements, which a recipient must accept. */
    private static final Pattern EMPTY = Pattern.compile("[ \\t,]*");

    /** The tags this API hands out: a revision, in canonical decimal. */
    private static final Pattern REVISION = Pattern.compile("[1-9][0-9]{0,17}");

    private EntityTags() {}

    static String of(long revision) {
        return "\"" + revision + "\"";
    }

    /**
     * What an {@code If-Match} field asks of the key: {@code *}, that it exists; a list, that its revision is one of the
     * list's. Comparison is strong (RFC 9110, section 13.1.1), so a weak tag matches nothing, and neither does a tag
     * that is no revision.
     */
    static KvCondition ifMatch(String field) {
        return matching(HttpHeaders.IF_MATCH, field, false);
    }

    /**
     * Which keys a read's {@code If-None-Match} field names (RFC 9110, section 13.1.2): {@code *}, any that exists; a
     * list, those whose revision it lists, weak or strong (the comparison is weak). A read of a named key is 304.
     */
    static KvCondition ifNoneMatch(String field) {
        return matching(HttpHeaders.IF_NONE_MATCH, field, true);
    }

    private static KvCondition matching(String name, String field, boolean weakComparison) {
        if (field.strip().equals("*")) {
            return new KvCondition.Exists();
        }
        Set<Long> revisions = new HashSet<>();
        Matcher element = ELEMENT.matcher(field);
        int at = skipEmpty(field, 0);
        if (at == field.length()) {
            throw malformed(name);
        }
        while (at < field.length()) {
            if (!element.region(at, field.length()).lookingAt()) {
                throw malformed(name);
            }
            if ((weakComparison || element.group(1) == null)
                    && REVISION.matcher(element.group(2)).matches()) {
                revisions.add(Long.parseLong(element.group(2)));
            }
            at = skipEmpty(field, element.end());
        }
        return new KvCondition.AtRevision(revisions);
    }

    /** Writes take {@code If-None-Match: *} only: create the key if it does not exist. */
    static void requireNoneMatchAny(String field) {
        if (!field.strip().equals("*")) {
            throw Validation.invalid(
                    "If-None-Match", "must be * on a write (create the key only if it does not exist)");
        }
    }

    private static int skipEmpty(String field, int from) {
        Matcher empty = EMPTY.matcher(field).region(from, field.length());
        empty.lookingAt();
        return empty.end();
    }

    private static ProblemException malformed(String name) {
        return Validation.invalid(
                name, "must be * or a comma-separated list of entity tags such as \"42\" (RFC 9110, section 8.8.3)");
    }
}
