package io.cephiscsi.model.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cephiscsi.model.ConfigFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads gateway.conf text into a tree, accepting what Python's {@code json.loads} accepts (NaN, Infinity) and
 * refusing what it refuses (trailing data), and turns every failure into a {@link ConfigFormatException} with the
 * position and JSON path of the fault.
 */
public final class JsonReader {

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ObjectNode readObject(byte[] json) {
        if (json == null || json.length == 0) {
            throw new ConfigFormatException("", "the object is empty (not JSON)");
        }
        JsonNode tree;
        try {
            // parsed from text: Jackson's byte parser refuses escaped surrogate pairs in field names
            tree = mapper.readTree(decode(json));
        } catch (JsonEOFException e) {
            throw new ConfigFormatException(pathOf(e), "truncated: the text ends " + where(e.getLocation())
                    + " inside an unfinished value", e);
        } catch (JsonProcessingException e) {
            throw new ConfigFormatException(pathOf(e), "not JSON " + where(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFormatException("", "not readable: " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ConfigFormatException("", "the object holds no JSON value");
        }
        if (!tree.isObject()) {
            throw new ConfigFormatException("", "expected a JSON object but found " + Json.kind(tree));
        }
        return (ObjectNode) tree;
    }

    /** Strict UTF-8 (a BOM is skipped, as Python's json.loads does for bytes). */
    private static String decode(byte[] json) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigFormatException("", "not JSON: the text is not valid UTF-8", e);
        }
    }

    private static String pathOf(JsonProcessingException e) {
        Object processor = e.getProcessor();
        if (processor instanceof JsonParser) {
            return JsonPaths.of(((JsonParser) processor).getParsingContext());
        }
        return "";
    }

    private static String where(JsonLocation loc) {
        if (loc == null) {
            return "";
        }
        return "at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Kept so callers can tell a syntax error from others in tests. */
    static boolean isSyntax(Throwable t) {
        return t instanceof JsonParseException;
    }
}
