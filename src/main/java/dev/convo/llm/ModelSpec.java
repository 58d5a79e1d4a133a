package dev.convo.llm;

import java.util.Optional;

/**
 * One model of the catalogue: what users pick it by and see it as, where and with which key it is called, and its
 * limits. Its key never leaves the service: it is not in {@link #toString()}, nor in anything the API answers.
 *
 * @param id what clients name it by, and what is sent as the request's {@code model}
 * @param name what users see
 * @param endpoint the full URL of its OpenAI-compatible chat-completions endpoint
 * @param apiKey the bearer token of that endpoint, if it needs one
 * @param contextTokens its context window, in tokens
 * @param encoding the tokenizer that counts for it (o200k_base, cl100k_base, p50k_base or r50k_base)
 * @param maxTokens the reply tokens asked for by default, and the most a conversation may ask for
 * @param pickable whether users may choose it (else only the operator's default or an existing conversation uses it)
 */
public record ModelSpec(String id, String name, String endpoint, Optional<String> apiKey, int contextTokens,
        String encoding, int maxTokens, boolean pickable) {

    /** Whether a request can be sent at all: a key, unless the endpoint is not the HuggingFace router. */
    public boolean configured() {
        return !endpoint.isBlank() && (apiKey.isPresent() || !endpoint.equals(ModelCatalogue.HUGGINGFACE_ROUTER));
    }

    /** The Authorization header's value, or {@code null} for an endpoint without a key. */
    String authorization() {
        return apiKey.map(key -> "Bearer " + key).orElse(null);
    }

    @Override
    public String toString() {
        return "ModelSpec[id=" + id + ", endpoint=" + endpoint + ", key " + (apiKey.isPresent() ? "set" : "unset") + "]";
    }
}
