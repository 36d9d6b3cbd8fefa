package io.cpimon.db.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON columns' codec: {@code Map<String,String>} ↔ JSON object text. Thread-safe. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private Json() {}

    /** @return null for null */
    public static String write(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @return null for null; values that are not strings are returned as their JSON text */
    public static Map<String, String> read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object of strings: " + e.getOriginalMessage(), e);
        }
    }

    /** Fails with IllegalArgumentException when {@code json} is not valid JSON text. */
    public static String requireValid(String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        try {
            MAPPER.readTree(json);
            return json;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
