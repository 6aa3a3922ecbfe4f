package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * U+0000 in text a user sends: PostgreSQL cannot store it in a text column (a 500 there, stored on H2), so it is
 * refused before any service sees it, the same on both databases: in every JSON string (a 400 naming its path,
 * e.g. {@code tags[0].value}) and in every query or form parameter (a 400 naming the parameter).
 */
public final class NulCharacters {

    static final String MESSAGE = "must not contain the character U+0000 (NUL)";

    private NulCharacters() {
    }

    /** The value, or a 400 naming {@code field} when it holds a U+0000. */
    public static String check(String value, String field) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, MESSAGE);
        }
        return value;
    }

    /** JSON strings (String fields, list items, map values, untyped values) and map keys, checked as they are read. */
    static SimpleModule jsonModule() {
        SimpleModule module = new SimpleModule("foldhub-no-nul");
        module.addDeserializer(String.class, new Strings());
        module.addKeyDeserializer(String.class, new Keys());
        return module;
    }

    /** Query and form parameters, names and values, before the controller runs. */
    static HandlerInterceptor parameterInterceptor() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                    String name = parameter.getKey();
                    check(name, name.indexOf('\0') >= 0 ? "parameter name" : name);
                    for (String value : parameter.getValue()) {
                        check(value, name);
                    }
                }
                return true;
            }
        };
    }

    private static final class Strings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                // why: a JacksonException gets the JSON path of the value added on its way out (UnreadableBody names it)
                throw InvalidFormatException.from(p, MESSAGE, value, String.class);
            }
            return value;
        }
    }

    private static final class Keys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            if (key.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(ctxt.getParser(), "a key " + MESSAGE, key, String.class);
            }
            return key;
        }
    }
}
