package twcheck.trace;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration every reader and writer of twcheck uses (it sits in the lowest
 * package that handles JSON, so that every other can reach it). Two mappers come from one base:
 * {@link #mapper()}, which writes every report and trace (indented, fields in declaration order)
 * and reads back JSON twcheck itself made, and {@link #strict()}, which reads files from outside
 * (traces, evidence, uploads) with every leniency turned off. Both reject duplicate keys and
 * anything after the document.
 */
public final class Json {
    private Json() {}

    private static final JsonMapper MAPPER = base()
            // a model's view of its own state, read back, may carry fields its record leaves out
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final JsonMapper STRICT = strictMapper();

    private static final ObjectWriter COMPACT = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static JsonMapper strictMapper() {
        JsonMapper mapper = base()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // a number where a string goes (or the reverse) is a wrong type, not something to convert
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    /** Writes reports and traces (indented); reads back what twcheck wrote. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Reads untrusted files: no unknown fields, no "1" for 1, no 1.5 for 1 (see {@link StrictJson}). */
    public static JsonMapper strict() {
        return STRICT;
    }

    /** The writer of {@link #mapper()} on one line, for answers to a program (the explorer's API). */
    public static ObjectWriter compact() {
        return COMPACT;
    }
}
