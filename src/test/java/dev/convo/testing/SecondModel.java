package dev.convo.testing;

import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A second fake model server, and a catalogue (CHAT_MODELS) naming it: {@value #ID} (pickable, its own key),
 * {@value #HIDDEN} (on the same server, not pickable) and {@value #DOWN} (an endpoint where nothing listens).
 */
public class SecondModel extends FakeLlm {

    public static final String ID = "second/model";
    public static final String NAME = "Second model";
    public static final String HIDDEN = "hidden/model";
    public static final String DOWN = "down/model";
    public static final String API_KEY = "sk-second-fedcba9876543210";
    public static final int MAX_TOKENS = 512;

    @Override
    public Map<String, String> start() {
        String url = super.start().get("llm.provider-url");
        JsonArray models = new JsonArray()
                .add(new JsonObject().put("id", ID).put("name", NAME).put("endpoint", url).put("apiKey", API_KEY)
                        .put("contextTokens", 8192).put("encoding", "cl100k_base").put("maxTokens", MAX_TOKENS))
                .add(new JsonObject().put("id", HIDDEN).put("endpoint", url).put("apiKey", API_KEY)
                        .put("pickable", false))
                .add(new JsonObject().put("id", DOWN).put("name", "Nowhere")
                        .put("endpoint", "http://127.0.0.1:" + ClosedPort.find() + "/v1/chat/completions"));
        return Map.of("chat.models", models.encode());
    }
}
