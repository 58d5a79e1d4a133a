package dev.convo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;

/**
 * A fake OpenAI-compatible chat-completions server on a free loopback port.
 * <p>
 * It is steered by directives in the last user message, so concurrent tests never share state:
 * {@code [[status 500]]} answers that status, {@code [[retry-after 7]]} adds the header,
 * {@code [[delay 3000]]} waits before answering, {@code [[garbage]]} answers a body that is not JSON,
 * {@code [[no-choices]]} answers JSON without a reply, {@code [[close]]} drops the connection, and
 * {@code [[inspect]]} replies with the request it received (authorization header included) as JSON text.
 * Otherwise it replies {@code Echo: <the user's message>}.
 * <p>
 * With {@code "stream": true} it answers with OpenAI SSE chunks, a word at a time, then usage and {@code [DONE]}:
 * {@code [[tokens 40]]} replies {@code w1 w2 ... w40} instead, {@code [[token-delay 50]]} waits that many ms
 * between words, {@code [[cut-after 3]]} drops the connection after 3 words, {@code [[error-after 3]]} sends an
 * error chunk after 3 words. {@code [[fail-first 2]]} answers the first two attempts of the same prompt with the
 * {@code [[status]]} (503 by default) and then succeeds, saying which attempt it was. {@code GET /stats} tells how
 * many streams it served, how many the client cancelled, and how often each prompt was attempted.
 */
public class FakeLlm implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test-0123456789abcdef";
    public static final String MODEL = "fake/model-1";

    private static final Pattern STATUS = Pattern.compile("\\[\\[status (\\d{3})]]");
    private static final Pattern DELAY = Pattern.compile("\\[\\[delay (\\d+)]]");
    private static final Pattern RETRY_AFTER = Pattern.compile("\\[\\[retry-after (\\d+)]]");
    private static final Pattern TOKENS = Pattern.compile("\\[\\[tokens (\\d+)]]");
    private static final Pattern TOKEN_DELAY = Pattern.compile("\\[\\[token-delay (\\d+)]]");
    private static final Pattern CUT_AFTER = Pattern.compile("\\[\\[cut-after (\\d+)]]");
    private static final Pattern ERROR_AFTER = Pattern.compile("\\[\\[error-after (\\d+)]]");

    private static final Pattern FAIL_FIRST = Pattern.compile("\\[\\[fail-first (\\d+)]]");

    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();

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
        if ("/stats".equals(request.path())) {
            request.response().putHeader("content-type", "application/json").end(new JsonObject()
                    .put("streams", streams.get()).put("cancelled", cancelled.get())
                    .put("attempts", new JsonObject(new HashMap<>(attempts))).encode());
            return;
        }
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
        int attempt = attempts.merge(prompt, 1, Integer::sum);
        long failFirst = number(FAIL_FIRST, prompt, 0);
        long status = attempt <= failFirst ? number(STATUS, prompt, 503) : failFirst > 0 ? 200 : number(STATUS, prompt, 200);
        if (prompt.contains("[[close]]")) {
            request.connection().close();
            return;
        }
        if (status != 200) {
            long retryAfter = number(RETRY_AFTER, prompt, 0);
            if (retryAfter > 0) {
                request.response().putHeader("Retry-After", String.valueOf(retryAfter));
            }
            // an OpenAI-style error: a short type the service may pass on, and a message it must not
            String type = status == 400 ? "content_policy_violation" : "server_error";
            request.response().setStatusCode((int) status).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"upstream secret detail\",\"type\":\"" + type + "\"}}");
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
        String reply = prompt.contains("[[inspect]]") ? inspect(request, chat)
                : failFirst > 0 ? "Echo: " + prompt + " (attempt " + attempt + ")" : replyTo(prompt);
        if (chat.getBoolean("stream", false)) {
            stream(request, chat, prompt, reply);
            return;
        }
        request.response().putHeader("content-type", "application/json").end(completion(chat, reply).encode());
    }

    private static String replyTo(String prompt) {
        long tokens = number(TOKENS, prompt, 0);
        return tokens == 0 ? "Echo: " + prompt : words((int) tokens);
    }

    /** The reply to {@code [[tokens count]]}: {@code w1 w2 ... w<count>}. */
    public static String words(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    private void stream(HttpServerRequest request, JsonObject chat, String prompt, String reply) {
        streams.incrementAndGet();
        HttpServerResponse response = request.response().setChunked(true)
                .putHeader("content-type", "text/event-stream");
        List<String> words = new ArrayList<>(List.of(reply.split("(?<= )")));
        long delay = Math.max(1, number(TOKEN_DELAY, prompt, 1));
        long cutAfter = number(CUT_AFTER, prompt, -1);
        long errorAfter = number(ERROR_AFTER, prompt, -1);
        AtomicBoolean finished = new AtomicBoolean();
        response.closeHandler(closed -> {
            if (finished.compareAndSet(false, true)) {
                cancelled.incrementAndGet();
            }
        });
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(delay, timer -> {
            if (finished.get()) {
                vertx.cancelTimer(timer);
                return;
            }
            int index = sent.getAndIncrement();
            if (index == cutAfter) {
                finished.set(true);
                vertx.cancelTimer(timer);
                request.connection().close();
            } else if (index == errorAfter) {
                finished.set(true);
                vertx.cancelTimer(timer);
                response.end("data: {\"error\":{\"message\":\"overloaded\"}}\n\n");
            } else if (index < words.size()) {
                response.write(chunk(chat, new JsonObject().put("content", words.get(index)), null));
            } else {
                finished.set(true);
                vertx.cancelTimer(timer);
                JsonObject usage = completion(chat, reply).getJsonObject("usage");
                response.write(chunk(chat, new JsonObject(), "stop"));
                response.write("data: " + new JsonObject().put("model", chat.getString("model"))
                        .put("choices", new JsonArray()).put("usage", usage).encode() + "\n\n");
                response.end("data: [DONE]\n\n");
            }
        });
    }

    private static String chunk(JsonObject chat, JsonObject delta, String finishReason) {
        JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason);
        return "data: " + new JsonObject().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("model", chat.getString("model")).put("choices", new JsonArray().add(choice)).encode() + "\n\n";
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
