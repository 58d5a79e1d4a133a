package dev.convo.testing;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A fake OpenAI-compatible chat-completions server on a free loopback port.
 * <p>
 * It is steered by directives in the last user message, so concurrent tests never share state:
 * {@code [[status 500]]} answers that status, {@code [[retry-after 7]]} adds the header,
 * {@code [[delay 3000]]} waits before answering, {@code [[garbage]]} answers a body that is not JSON,
 * {@code [[no-choices]]} answers JSON without a reply, {@code [[close]]} drops the connection, and
 * {@code [[inspect]]} replies with the request it received (authorization header included) as JSON text.
 * Otherwise it replies {@code Echo: <the user's message>}.
 */
public class FakeLlm implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test-0123456789abcdef";
    public static final String MODEL = "fake/model-1";

    private static final Pattern STATUS = Pattern.compile("\\[\\[status (\\d{3})]]");
    private static final Pattern DELAY = Pattern.compile("\\[\\[delay (\\d+)]]");
    private static final Pattern RETRY_AFTER = Pattern.compile("\\[\\[retry-after (\\d+)]]");

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The fake model could not start", e);
        }
        return Map.of("llm.provider-url", "http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions",
                "llm.api-key", API_KEY,
                "llm.model", MODEL);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    private void handle(HttpServerRequest request) {
        if (!"/v1/chat/completions".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject chat = body.toJsonObject();
            String prompt = lastUserMessage(chat.getJsonArray("messages"));
            long delay = number(DELAY, prompt, 0);
            if (delay > 0) {
                vertx.setTimer(delay, id -> answer(request, chat, prompt));
            } else {
                answer(request, chat, prompt);
            }
        });
    }

    private void answer(HttpServerRequest request, JsonObject chat, String prompt) {
        long status = number(STATUS, prompt, 200);
        if (prompt.contains("[[close]]")) {
            request.connection().close();
            return;
        }
        if (status != 200) {
            long retryAfter = number(RETRY_AFTER, prompt, 0);
            if (retryAfter > 0) {
                request.response().putHeader("Retry-After", String.valueOf(retryAfter));
            }
            request.response().setStatusCode((int) status).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"upstream secret detail\"}}");
            return;
        }
        if (prompt.contains("[[garbage]]")) {
            request.response().putHeader("content-type", "application/json").end("<html>not json at all");
            return;
        }
        if (prompt.contains("[[no-choices]]")) {
            request.response().putHeader("content-type", "application/json").end("{\"choices\":[]}");
            return;
        }
        String reply = prompt.contains("[[inspect]]") ? inspect(request, chat) : "Echo: " + prompt;
        request.response().putHeader("content-type", "application/json").end(completion(chat, reply).encode());
    }

    private static JsonObject completion(JsonObject chat, String reply) {
        int promptTokens = words(chat.getJsonArray("messages").encode());
        int completionTokens = words(reply);
        return new JsonObject()
                .put("id", "chatcmpl-fake")
                .put("object", "chat.completion")
                .put("model", chat.getString("model"))
                .put("choices", new JsonArray().add(new JsonObject()
                        .put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", reply))
                        .put("finish_reason", "stop")))
                .put("usage", new JsonObject()
                        .put("prompt_tokens", promptTokens)
                        .put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens));
    }

    private static String inspect(HttpServerRequest request, JsonObject chat) {
        return chat.copy().put("authorization", request.getHeader("Authorization")).encode();
    }

    private static String lastUserMessage(JsonArray messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonObject message = messages.getJsonObject(i);
            if ("user".equals(message.getString("role"))) {
                return message.getString("content");
            }
        }
        return "";
    }

    private static long number(Pattern pattern, String prompt, long otherwise) {
        Matcher matcher = pattern.matcher(prompt);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : otherwise;
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
