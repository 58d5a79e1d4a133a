package dev.convo.llm;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The model behind the chat: sends a conversation to the upstream and turns every way it can fail into our own errors.
 */
@ApplicationScoped
public class ChatModel {

    private static final String DONE = "[DONE]";

    private final LlmConfig config;
    private final ModelCatalogue catalogue;
    private final ModelRoutes routes;
    private final GuardedCompletions guarded;
    private final ContextWindow context;
    private final LlmMetrics metrics;
    private final GenAiTelemetry telemetry;
    private final ObjectMapper json;

    ChatModel(LlmConfig config, ModelCatalogue catalogue, ModelRoutes routes, GuardedCompletions guarded,
            ContextWindow context, LlmMetrics metrics, GenAiTelemetry telemetry, ObjectMapper json) {
        this.telemetry = telemetry;
        this.config = config;
        this.catalogue = catalogue;
        this.routes = routes;
        this.guarded = guarded;
        this.context = context;
        this.metrics = metrics;
        this.json = json;
    }

    /** Fails fast, before anything is stored, when no request could be sent to the model. */
    public void ensureConfigured(ModelSpec model) {
        if (!model.configured()) {
            throw notConfigured(model);
        }
    }

    private ProblemException notConfigured(ModelSpec model) {
        return new ProblemException(ProblemCode.LLM_NOT_CONFIGURED, model.id().equals(config.model())
                ? "The model endpoint is not configured (LLM_PROVIDER_URL / LLM_API_KEY)."
                : "The endpoint of model \"" + model.id() + "\" is not configured (its apiKey).");
    }

    /** The settings of a call to the default model, with the default system prompt and nothing else chosen. */
    public ReplySettings defaults() {
        return settings(catalogue.defaultModel(), null, null, null, null);
    }

    /** The settings of a call; a {@code null} system prompt is the service's (LLM_SYSTEM_PROMPT). */
    public ReplySettings settings(ModelSpec model, String systemPrompt, Double temperature, Double topP,
            Integer maxTokens) {
        return new ReplySettings(model, systemPrompt != null ? systemPrompt : config.systemPrompt(), temperature, topP,
                maxTokens);
    }

    /**
     * Asks the model for the next assistant message after {@code history}, which ends with the user's message, on
     * behalf of {@code user} (whose failures alone never open the circuit breaker for everyone).
     */
    public Uni<ModelReply> complete(ReplySettings settings, List<HistoryMessage> history, String user) {
        ModelSpec spec = settings.model();
        if (!spec.configured()) {
            return Uni.createFrom().failure(notConfigured(spec));
        }
        ModelBreaker breaker = routes.breaker(spec);
        if (!breaker.allow()) {
            return Uni.createFrom().failure(ModelFailures.breakerOpen(breaker.retryAfter()));
        }
        List<ChatMessage> messages = withSystemPrompt(settings, history);
        return Uni.createFrom().deferred(() -> {
            GenAiTelemetry.Call call = telemetry.started(settings, messages);
            long started = System.nanoTime();
            return guarded.complete(routes.api(spec), spec.authorization(),
                    ChatCompletionRequest.complete(settings, messages))
                    .map(response -> toReply(spec, response, messages, Duration.ofNanos(System.nanoTime() - started)))
                    .invoke(breaker::answered)
                    .onFailure().invoke(failure -> recordFailure(breaker, failure, user))
                    .onCancellation().invoke(breaker::abandoned)
                    .onFailure().transform(ModelFailures::toProblem)
                    .invoke(reply -> metrics.replied(reply, false))
                    .onFailure(ProblemException.class).invoke(failure -> metrics.failed(((ProblemException) failure).code()))
                    .invoke(reply -> call.replied(reply.model(), reply.usage(), reply.finishReason(), reply.text()))
                    .onFailure().invoke(call::failed)
                    .onCancellation().invoke(call::abandoned);
        });
    }

    /**
     * Streams the next assistant message after {@code history}: its text as it is written, then its end.
     * The upstream call stops when the subscription is cancelled; the idle time between two chunks is bounded
     * by the same timeout as a whole non-streamed call.
     */
    public Multi<ReplyPart> stream(ReplySettings settings, List<HistoryMessage> history, String user) {
        ModelSpec spec = settings.model();
        if (!spec.configured()) {
            return Multi.createFrom().failure(notConfigured(spec));
        }
        ModelBreaker breaker = routes.breaker(spec);
        if (!breaker.allow()) {
            return Multi.createFrom().failure(ModelFailures.breakerOpen(breaker.retryAfter()));
        }
        List<ChatMessage> messages = withSystemPrompt(settings, history);
        ChatCompletionRequest request = ChatCompletionRequest.streamed(settings, messages);
        return Multi.createFrom().deferred(() -> {
            GenAiTelemetry.Call call = telemetry.started(settings, messages);
            return streamMeasured(request, spec, breaker, user, call)
                    .onFailure().invoke(call::failed)
                    .onCancellation().invoke(call::abandoned);
        });
    }

    private Multi<ReplyPart> streamMeasured(ChatCompletionRequest request, ModelSpec spec, ModelBreaker breaker,
            String user, GenAiTelemetry.Call call) {
        AtomicBoolean wroteText = new AtomicBoolean();
        long started = System.nanoTime();
        return Multi.createFrom().deferred(() -> streamOnce(spec, request))
                .onItem().invoke(part -> {
                    if (part instanceof ReplyPart.Text written) {
                        if (!wroteText.getAndSet(true)) {
                            metrics.firstToken(spec.id(), Duration.ofNanos(System.nanoTime() - started));
                        }
                        call.wrote(written.text());
                    } else if (part instanceof ReplyPart.End end) {
                        breaker.answered();
                        metrics.replied(new ModelReply("", end.model(), end.usage(), end.finishReason(),
                                Duration.ofNanos(System.nanoTime() - started)), true);
                        call.replied(end.model(), end.usage(), end.finishReason(), null);
                    }
                })
                // a retry would write the reply's beginning twice: only a stream that sent no text yet is retried
                .onFailure(failure -> !wroteText.get() && new RetryableFailure().test(failure)).retry()
                .withBackOff(Duration.ofMillis(config.retry().delayMillis()), Duration.ofMillis(RetryAfterBackoff.MAX_DELAY_MILLIS))
                .withJitter(0.25).atMost(config.retry().maxRetries())
                .onFailure().invoke(failure -> recordFailure(breaker, failure, user))
                .onCancellation().invoke(breaker::abandoned)
                .onFailure().transform(ModelFailures::toProblem)
                .onFailure(ProblemException.class).invoke(failure -> metrics.failed(((ProblemException) failure).code()));
    }

    /** The state of each model's circuit breaker, default model first, for the readiness details. */
    public Map<String, ModelBreaker.State> breakerStates() {
        Map<String, ModelBreaker.State> states = new LinkedHashMap<>();
        states.put(catalogue.defaultModel().id(), routes.breaker(catalogue.defaultModel()).state());
        catalogue.all().forEach(model -> states.putIfAbsent(model.id(), routes.breaker(model).state()));
        return states;
    }

    private static void recordFailure(ModelBreaker breaker, Throwable failure, String user) {
        if (ModelFailures.isOutage(failure)) {
            breaker.failed(user);
        } else {
            breaker.answered();
        }
    }

    /** One streamed call: each chunk within the timeout of the one before, the whole reply within the stream timeout. */
    private Multi<ReplyPart> streamOnce(ModelSpec spec, ChatCompletionRequest request) {
        StreamEnd end = new StreamEnd(spec, request.messages());
        long deadline = System.nanoTime() + config.streamTimeout().toNanos();
        return routes.api(spec).stream(spec.authorization(), request)
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .invoke(event -> {
                    if (System.nanoTime() - deadline > 0) {
                        throw new ProblemException(ProblemCode.LLM_TIMEOUT, "The model's stream did not end in time.");
                    }
                })
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
            throw ModelFailures.unavailable("The model's answer could not be read.");
        }
    }

    /** Collects what the chunks say about the reply as a whole, to report it once the stream ends. */
    private final class StreamEnd {
        private final ModelSpec spec;
        private final List<ChatMessage> sent;
        private final StringBuilder text = new StringBuilder();
        private String model;
        private TokenUsage usage;
        private String finishReason;
        private boolean done;

        StreamEnd(ModelSpec spec, List<ChatMessage> sent) {
            this.spec = spec;
            this.model = spec.id();
            this.sent = sent;
        }

        boolean isDoneMarker(String data) {
            done = DONE.equals(data.strip());
            return done;
        }

        List<ReplyPart> partsOf(ChatCompletionChunk chunk) {
            if (chunk.error() != null) {
                Log.warnf("The model endpoint reported an error in the middle of its stream");
                throw ModelFailures.unavailable("The model failed while writing the reply.");
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
                throw ModelFailures.unavailable("The model's stream ended before the reply was finished.");
            }
            return new ReplyPart.End(model, usageOf(spec, usage, sent, text.toString()), finishReason);
        }
    }

    /** The request's messages: the system prompt and the newest part of the history that fits the context window. */
    public List<ChatMessage> withSystemPrompt(ReplySettings settings, List<HistoryMessage> history) {
        return context.fit(settings, history);
    }

    private ModelReply toReply(ModelSpec spec, ChatCompletionResponse response, List<ChatMessage> sent, Duration latency) {
        if (response == null || response.choices() == null || response.choices().isEmpty()
                || response.choices().get(0).message() == null || response.choices().get(0).message().content() == null) {
            Log.warnf("The model endpoint answered without a reply message");
            throw ModelFailures.unavailable("The model answered without a reply.");
        }
        ChatCompletionResponse.Choice choice = response.choices().get(0);
        String model = response.model() == null ? spec.id() : response.model();
        String text = choice.message().content();
        return new ModelReply(text, model, usageOf(spec, response.usage(), sent, text), choice.finishReason(), latency);
    }

    /** The usage the upstream reported, or else the tokenizer's count of what was sent and received. */
    private TokenUsage usageOf(ModelSpec spec, TokenUsage reported, List<ChatMessage> sent, String reply) {
        if (reported != null && reported.promptTokens() != null && reported.completionTokens() != null) {
            return reported;
        }
        int prompt = context.count(spec, sent);
        int completion = context.count(spec, reply);
        return new TokenUsage(prompt, completion, prompt + completion);
    }
}
