package dev.convo.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The model behind the chat: sends a conversation to the upstream and turns every way it can fail into our own errors.
 */
@ApplicationScoped
public class ChatModel {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    private static final String DONE = "[DONE]";

    private final LlmConfig config;
    private final ChatCompletionsApi api;
    private final GuardedCompletions guarded;
    private final CircuitBreakerMaintenance breakers;
    private final ContextWindow context;
    private final LlmMetrics metrics;
    private final ObjectMapper json;

    ChatModel(LlmConfig config, @RestClient ChatCompletionsApi api, GuardedCompletions guarded,
            CircuitBreakerMaintenance breakers, ContextWindow context, LlmMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.api = api;
        this.guarded = guarded;
        this.breakers = breakers;
        this.context = context;
        this.metrics = metrics;
        this.json = json;
    }

    /** Fails fast, before anything is stored, when no request could be sent. */
    public void ensureConfigured() {
        if (!config.configured()) {
            throw new ProblemException(ProblemCode.LLM_NOT_CONFIGURED,
                    "The model endpoint is not configured (LLM_PROVIDER_URL / LLM_API_KEY).");
        }
    }

    /** Asks the model for the next assistant message after {@code history}, which ends with the user's message. */
    @WithSpan("llm.complete")
    public Uni<ModelReply> complete(List<ChatMessage> history) {
        ensureConfigured();
        List<ChatMessage> messages = withSystemPrompt(history);
        long started = System.nanoTime();
        return guarded.complete(authorization(), ChatCompletionRequest.complete(config.model(), messages))
                .onFailure().transform(this::toProblem)
                .map(response -> toReply(response, messages, Duration.ofNanos(System.nanoTime() - started)))
                .invoke(reply -> metrics.replied(reply, false))
                .onFailure(ProblemException.class).invoke(failure -> metrics.failed(((ProblemException) failure).code()));
    }

    /**
     * Streams the next assistant message after {@code history}: its text as it is written, then its end.
     * The upstream call stops when the subscription is cancelled; the idle time between two chunks is bounded
     * by the same timeout as a whole non-streamed call.
     */
    @WithSpan("llm.stream")
    public Multi<ReplyPart> stream(List<ChatMessage> history) {
        ensureConfigured();
        if (breakers.currentState(GuardedCompletions.BREAKER) == CircuitBreakerState.OPEN) {
            return Multi.createFrom().failure(toProblem(new CircuitBreakerOpenException()));
        }
        List<ChatMessage> messages = withSystemPrompt(history);
        ChatCompletionRequest request = ChatCompletionRequest.streamed(config.model(), messages);
        AtomicBoolean wroteText = new AtomicBoolean();
        long started = System.nanoTime();
        return Multi.createFrom().deferred(() -> streamOnce(request))
                .onItem().invoke(part -> {
                    if (part instanceof ReplyPart.Text && !wroteText.getAndSet(true)) {
                        metrics.firstToken(config.model(), Duration.ofNanos(System.nanoTime() - started));
                    } else if (part instanceof ReplyPart.End end) {
                        metrics.replied(new ModelReply("", end.model(), end.usage(), end.finishReason(),
                                Duration.ofNanos(System.nanoTime() - started)), true);
                    }
                })
                // a retry would write the reply's beginning twice: only a stream that sent no text yet is retried
                .onFailure(failure -> !wroteText.get() && new RetryableFailure().test(failure)).retry()
                .withBackOff(Duration.ofMillis(config.retry().delayMillis()), Duration.ofMillis(RetryAfterBackoff.MAX_DELAY_MILLIS))
                .withJitter(0.25).atMost(config.retry().maxRetries())
                .onFailure().transform(this::toProblem)
                .onFailure(ProblemException.class).invoke(failure -> metrics.failed(((ProblemException) failure).code()));
    }

    private Multi<ReplyPart> streamOnce(ChatCompletionRequest request) {
        StreamEnd end = new StreamEnd(config.model(), request.messages());
        return api.stream(authorization(), request)
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .select().where(event -> event.data() != null && !event.data().isBlank())
                .select().first(event -> !end.isDoneMarker(event.data()))
                .map(event -> parseChunk(event.data()))
                .concatMap(chunk -> Multi.createFrom().iterable(end.partsOf(chunk)))
                .onCompletion().switchTo(() -> Multi.createFrom().item(end::toPart));
    }

    private ChatCompletionChunk parseChunk(String data) {
        try {
            return json.readValue(data, ChatCompletionChunk.class);
        } catch (IOException e) {
            Log.warnf("The model endpoint streamed a chunk that is not JSON");
            throw unavailable("The model's answer could not be read.");
        }
    }

    /** Collects what the chunks say about the reply as a whole, to report it once the stream ends. */
    private final class StreamEnd {
        private final List<ChatMessage> sent;
        private final StringBuilder text = new StringBuilder();
        private String model;
        private TokenUsage usage;
        private String finishReason;
        private boolean done;

        StreamEnd(String model, List<ChatMessage> sent) {
            this.model = model;
            this.sent = sent;
        }

        boolean isDoneMarker(String data) {
            done = DONE.equals(data.strip());
            return done;
        }

        List<ReplyPart> partsOf(ChatCompletionChunk chunk) {
            if (chunk.error() != null) {
                Log.warnf("The model endpoint reported an error in the middle of its stream");
                throw unavailable("The model failed while writing the reply.");
            }
            if (chunk.model() != null) {
                model = chunk.model();
            }
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
            if (chunk.choices() == null || chunk.choices().isEmpty()) {
                return List.of();
            }
            ChatCompletionChunk.Choice choice = chunk.choices().get(0);
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
            }
            String piece = choice.delta() == null ? null : choice.delta().content();
            if (piece == null || piece.isEmpty()) {
                return List.of();
            }
            text.append(piece);
            return List.of(new ReplyPart.Text(piece));
        }

        /** The end of the reply; a stream cut before {@code [DONE]} and without a finish reason is a failure. */
        ReplyPart toPart() {
            if (!done && finishReason == null) {
                Log.warnf("The model endpoint's stream ended before the reply was finished");
                throw unavailable("The model's stream ended before the reply was finished.");
            }
            return new ReplyPart.End(model, usageOf(usage, sent, text.toString()), finishReason);
        }
    }

    /** The request's messages: the system prompt and the newest part of the history that fits the context window. */
    public List<ChatMessage> withSystemPrompt(List<ChatMessage> history) {
        return context.fit(ChatMessage.system(config.systemPrompt()), history);
    }

    private String authorization() {
        return config.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
    }

    private ModelReply toReply(ChatCompletionResponse response, List<ChatMessage> sent, Duration latency) {
        if (response == null || response.choices() == null || response.choices().isEmpty()
                || response.choices().get(0).message() == null || response.choices().get(0).message().content() == null) {
            Log.warnf("The model endpoint answered without a reply message");
            throw unavailable("The model answered without a reply.");
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        String model = response.model() == null ? config.model() : response.model();
        String text = choice.message().content();
        return new ModelReply(text, model, usageOf(response.usage(), sent, text), choice.finishReason(), latency);
    }

    /** The usage the upstream reported, or else the tokenizer's count of what was sent and received. */
    public TokenUsage usageOf(TokenUsage reported, List<ChatMessage> sent, String reply) {
        if (reported != null && reported.promptTokens() != null && reported.completionTokens() != null) {
            return reported;
        }
        int prompt = context.count(sent);
        int completion = context.count(reply);
        return new TokenUsage(prompt, completion, prompt + completion);
    }

    private ProblemException toProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            Log.debugf("The model call was refused: the circuit breaker is open");
            return new ProblemException(ProblemCode.LLM_UNAVAILABLE, 503,
                    "The model has been failing; calls are paused for a moment.")
                    .retryAfter(Duration.ofMillis(config.circuitBreaker().delayMillis()));
        }
        if (failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException) {
            Log.warnf("The model endpoint did not answer in time");
            return new ProblemException(ProblemCode.LLM_TIMEOUT, "The model did not answer in time.");
        }
        if (failure instanceof UpstreamStatusException status) {
            Log.warnf("The model endpoint answered HTTP %d", status.status);
            if (status.status == 429) {
                return new ProblemException(ProblemCode.LLM_UNAVAILABLE, 503,
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

    static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemCode.LLM_UNAVAILABLE, detail);
    }

    private static Duration parseRetryAfter(String header) {
        try {
            return header == null ? DEFAULT_RETRY_AFTER : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }
}
