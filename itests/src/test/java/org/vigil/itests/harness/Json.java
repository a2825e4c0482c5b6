package org.vigil.itests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for the JSON the {@code cluster:} commands print. */
public final class Json {

    private Json() {
    }

    /** @return the texts of a JSON array of strings, in order (empty for a missing node) */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** @return the element of an array of objects whose {@code field} has this text */
    public static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
