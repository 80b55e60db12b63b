package org.pathwayengine.evaluation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How a learner's request is read, the same way over HTTP, in learner files and in scenarios: strictly. A
 * registrar's record must not be guessed at, so what Jackson would otherwise quietly coerce is refused with the field
 * named: a number or boolean where a code or reference is expected, a number where true or false is, a date given
 * as a day count, a date-time or an array, an empty string for a date or flag, a key given twice, and anything
 * after the JSON body.
 */
public final class RequestJson {

    private RequestJson() {
    }

    /** Makes an existing mapper (the service's) read requests strictly. */
    public static void strict(ObjectMapper mapper) {
        mapper.registerModule(new JavaTimeModule());
        mapper.registerModule(new SimpleModule("strict-dates").addDeserializer(LocalDate.class, new DateOnly()));
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    /** A new mapper that reads requests strictly, for the command line and scenario files. */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder().build();
        strict(mapper);
        return mapper;
    }

    /** A calendar date written as YYYY-MM-DD, and nothing else: no day counts, times, arrays or impossible days. */
    static final class DateOnly extends StdScalarDeserializer<LocalDate> {

        DateOnly() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
            }
            String text = p.getText();
            try {
                // ISO_LOCAL_DATE resolves strictly: 2024-02-30 is refused, not moved to March.
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                throw InvalidFormatException.from(p, "not a date in the form YYYY-MM-DD", text, LocalDate.class);
            }
        }
    }
}
