package dev.stampede.server.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads every JSON string of every request body (members, list elements, at any depth) under {@link StorableText}'s
 * rule; a string that breaks it fails the body with {@link Unstorable}, whose path names the member.
 */
final class StorableStrings extends StringDeserializer {

    private StorableStrings() {}

    static JacksonModule module() {
        return new SimpleModule("storable-strings").addDeserializer(String.class, new StorableStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String value = super.deserialize(parser, context);
        if (value != null && !StorableText.admits(value)) {
            throw new Unstorable(parser);
        }
        return value;
    }

    /** A string no store could keep faithfully; Jackson adds the path of the member that held it. */
    static final class Unstorable extends MismatchedInputException {
        Unstorable(JsonParser parser) {
            super(parser, "text " + StorableText.RULE, String.class);
        }
    }
}
