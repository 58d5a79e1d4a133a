package dev.convo.llm;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The model behind the chat: sends a conversation to the upstream and turns every way it can fail into our own errors.
 */
@ApplicationScoped
public class ChatModel {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private final LlmConfig config;
    private final ChatCompletionsApi api;

    ChatModel(LlmConfig config, @RestClient ChatCompletionsApi api) {
        this.config = config;
        this.api = api;
    }

    /** Fails fast, before anything is stored, when no request could be sent. */
    public void ensureConfigured() {
        if (!config.configured()) {
            throw new ProblemException(503, "llm_not_configured", "Service Unavailable",
                    "The model endpoint is not configured (LLM_PROVIDER_URL / LLM_API_KEY).");
        }
    }

    /** Asks the model for the next assistant message after {@code history}, which ends with the user's message. */
    public Uni<ModelReply> complete(List<ChatMessage> history) {
        ensureConfigured();
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        messages.add(ChatMessage.system(config.systemPrompt()));
        messages.addAll(history);
        long started = System.nanoTime();
        return api.complete(authorization(), new ChatCompletionRequest(config.model(), messages, false))
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(ChatModel::toProblem)
                .map(response -> toReply(response, Duration.ofNanos(System.nanoTime() - started)));
    }

    private String authorization() {
        return config.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
    }

    private ModelReply toReply(ChatCompletionResponse response, Duration latency) {
        if (response == null || response.choices() == null || response.choices().isEmpty()
                || response.choices().get(0).message() == null || response.choices().get(0).message().content() == null) {
            Log.warnf("The model endpoint answered without a reply message");
            throw unavailable("The model answered without a reply.");
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        String model = response.model() == null ? config.model() : response.model();
        return new ModelReply(choice.message().content(), model, response.usage(), choice.finishReason(), latency);
    }

    static ProblemException toProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            Log.warnf("The model endpoint did not answer in time");
            return new ProblemException(504, "llm_timeout", "Gateway Timeout", "The model did not answer in time.");
        }
        if (failure instanceof UpstreamStatusException status) {
            Log.warnf("The model endpoint answered HTTP %d", status.status);
            if (status.status == 429) {
                return new ProblemException(503, "llm_unavailable", "Service Unavailable",
                        "The model is receiving too many requests; try again later.")
                        .retryAfter(parseRetryAfter(status.retryAfter));
            }
            return unavailable("The model endpoint failed (HTTP " + status.status + ").");
        }
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            Log.warnf("The model endpoint cannot be reached: %s", failure.getClass().getSimpleName());
            return unavailable("The model endpoint cannot be reached.");
        }
        Log.warnf("The model call failed: %s", failure.getClass().getName());
        return unavailable("The model's answer could not be read.");
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(502, "llm_unavailable", "Bad Gateway", detail);
    }

    private static Duration parseRetryAfter(String header) {
        try {
            return header == null ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}
