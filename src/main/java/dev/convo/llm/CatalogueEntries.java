package dev.convo.llm;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the entries of a model catalogue (a JSON or YAML array, already parsed) into {@link ModelSpec}s, checking
 * every field; a bad entry is refused with a message naming where the catalogue came from, the entry and the field.
 * Fields an entry leaves out take {@code defaults}' values, except its id and endpoint.
 */
final class CatalogueEntries {

    static final Set<String> ENCODINGS = Set.of("o200k_base", "cl100k_base", "p50k_base", "r50k_base");
    private static final Set<String> FIELDS = Set.of("id", "name", "endpoint", "apiKey", "contextTokens", "encoding",
            "maxTokens", "pickable");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

    private CatalogueEntries() {
    }

    /** A catalogue that cannot be used, and why. */
    static final class InvalidCatalogue extends IllegalArgumentException {
        InvalidCatalogue(String message) {
            super(message);
        }
    }

    /**
     * The models {@code array} describes. An entry whose id is {@code builtIn}'s describes that model: what it leaves
     * out (endpoint and key included) is {@code builtIn}'s.
     */
    static List<ModelSpec> read(String source, JsonNode array, ModelSpec builtIn) {
        if (array == null || !array.isArray()) {
            throw new InvalidCatalogue(source + " must be a JSON array of models");
        }
        List<ModelSpec> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            ModelSpec model = entry(new Where(source, i, array.get(i)), builtIn);
            if (!ids.add(model.id())) {
                throw new InvalidCatalogue(source + " entry " + (i + 1) + ": field id: \"" + model.id()
                        + "\" is named twice");
            }
            models.add(model);
        }
        return models;
    }

    private static ModelSpec entry(Where where, ModelSpec builtIn) {
        if (!where.node.isObject()) {
            throw where.invalid(null, "must be an object");
        }
        for (Iterator<String> names = where.node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw where.invalid(name, "is not a known field (" + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String id = where.text("id", null);
        if (id == null || !ID.matcher(id).matches()) {
            throw where.invalid("id", "is required: 1 to 200 letters, digits and . _ : / @ + -, starting with a letter or digit");
        }
        ModelSpec base = id.equals(builtIn.id()) ? builtIn : null;
        String endpoint = where.text("endpoint", base == null ? null : base.endpoint());
        if (endpoint == null || !isHttpUrl(endpoint)) {
            throw where.invalid("endpoint", "is required: the http(s) URL of a chat-completions endpoint");
        }
        Optional<String> apiKey = Optional.ofNullable(where.text("apiKey", base == null ? null : base.apiKey().orElse(null)))
                .filter(key -> !key.isBlank());
        String name = where.text("name", base == null ? id : base.name());
        if (name.isBlank() || name.length() > 200) {
            throw where.invalid("name", "must be 1 to 200 characters");
        }
        int contextTokens = where.number("contextTokens", builtIn.contextTokens(), 256, 10_000_000);
        String encoding = where.text("encoding", builtIn.encoding());
        if (!ENCODINGS.contains(encoding)) {
            throw where.invalid("encoding", "must be one of " + String.join(", ", ENCODINGS.stream().sorted().toList()));
        }
        int maxTokens = where.number("maxTokens", Math.min(builtIn.maxTokens(), contextTokens / 2), 1, contextTokens - 1);
        boolean pickable = where.flag("pickable", true);
        ModelSpec model = new ModelSpec(id, name, endpoint, apiKey, contextTokens, encoding, maxTokens, pickable);
        if (!model.configured() && base == null) {
            throw where.invalid("apiKey", "is required by the HuggingFace router");
        }
        return model;
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One entry, and where it is, for the messages. */
    private record Where(String source, int index, JsonNode node) {

        InvalidCatalogue invalid(String field, String problem) {
            String id = node.path("id").isTextual() ? " (\"" + node.path("id").asText() + "\")" : "";
            return new InvalidCatalogue(source + " entry " + (index + 1) + id + (field == null ? "" : ": field " + field)
                    + " " + problem);
        }

        String text(String field, String otherwise) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return otherwise;
            }
            if (!value.isTextual()) {
                throw invalid(field, "must be a string");
            }
            return value.asText();
        }

        int number(String field, int otherwise, int min, int max) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return otherwise;
            }
            if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
                throw invalid(field, "must be a whole number from " + min + " to " + max);
            }
            return value.asInt();
        }

        boolean flag(String field, boolean otherwise) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return otherwise;
            }
            if (!value.isBoolean()) {
                throw invalid(field, "must be true or false");
            }
            return value.asBoolean();
        }
    }
}
