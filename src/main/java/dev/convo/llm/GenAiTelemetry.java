package dev.convo.llm;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * Model calls as LLM observability tools read them, in the OpenTelemetry semantic conventions for generative AI: a
 * client span per call ({@code chat <model>}) and the {@code gen_ai.client.token.usage} and
 * {@code gen_ai.client.operation.duration} histograms tagged by model. Message text is left out of both unless
 * LLM_TRACE_CONTENT is on (it then goes into the span only, never into metrics).
 */
@ApplicationScoped
public class GenAiTelemetry {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    private static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    private static final AttributeKey<Double> TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    private static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    private static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    private static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String CHAT = "chat";
    /** The buckets the conventions advise, in tokens and in seconds. */
    private static final double[] TOKEN_BUCKETS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864 };
    private static final Duration[] DURATION_BUCKETS = { Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(40), Duration.ofMillis(80), Duration.ofMillis(160), Duration.ofMillis(320),
            Duration.ofMillis(640), Duration.ofMillis(1280), Duration.ofMillis(2560), Duration.ofMillis(5120),
            Duration.ofMillis(10240), Duration.ofMillis(20480), Duration.ofMillis(40960), Duration.ofMillis(81920) };

    private final Tracer tracer;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final boolean traceContent;

    GenAiTelemetry(Tracer tracer, MeterRegistry registry, ObjectMapper json, LlmConfig config) {
        this.tracer = tracer;
        this.registry = registry;
        this.json = json;
        this.traceContent = config.traceContent();
    }

    /** A call to the model starts now, with these settings and messages. */
    Call started(ReplySettings settings, List<ChatMessage> messages) {
        URI endpoint = URI.create(settings.model().endpoint());
        var span = tracer.spanBuilder(CHAT + " " + settings.model().id()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, CHAT).setAttribute(REQUEST_MODEL, settings.model().id())
                .setAttribute(SERVER_ADDRESS, endpoint.getHost());
        if (endpoint.getPort() > 0) {
            span.setAttribute(SERVER_PORT, (long) endpoint.getPort());
        }
        if (settings.temperature() != null) {
            span.setAttribute(TEMPERATURE, settings.temperature());
        }
        if (settings.topP() != null) {
            span.setAttribute(TOP_P, settings.topP());
        }
        if (settings.maxTokens() != null) {
            span.setAttribute(MAX_TOKENS, settings.maxTokens().longValue());
        }
        if (traceContent) {
            span.setAttribute(INPUT_MESSAGES, messagesJson(messages));
        }
        return new Call(span.startSpan(), settings.model(), endpoint.getHost(), System.nanoTime());
    }

    /** One call being measured; it ends once, however it ends. */
    final class Call {
        private final Span span;
        private final ModelSpec model;
        private final String server;
        private final long startedNanos;
        private final StringBuilder written = new StringBuilder();
        private boolean ended;

        private Call(Span span, ModelSpec model, String server, long startedNanos) {
            this.span = span;
            this.model = model;
            this.server = server;
            this.startedNanos = startedNanos;
        }

        /** A piece of a streamed reply (kept only when the text is traced). */
        synchronized void wrote(String text) {
            if (traceContent) {
                written.append(text);
            }
        }

        /** The model answered with its whole reply ({@code text}, or for a stream, what it wrote). */
        synchronized void replied(String responseModel, TokenUsage usage, String finishReason, String text) {
            if (ended) {
                return;
            }
            ended = true;
            span.setAttribute(RESPONSE_MODEL, responseModel);
            if (finishReason != null) {
                span.setAttribute(FINISH_REASONS, List.of(finishReason));
            }
            Tags tags = tags(responseModel);
            if (usage != null) {
                tokens(usage.promptTokens(), INPUT_TOKENS, tags.and("gen_ai.token.type", "input"));
                tokens(usage.completionTokens(), OUTPUT_TOKENS, tags.and("gen_ai.token.type", "output"));
            }
            if (traceContent) {
                String reply = text != null ? text : written.toString();
                span.setAttribute(OUTPUT_MESSAGES, messagesJson(List.of(new ChatMessage("assistant", reply))));
            }
            duration(tags.and(ERROR_TYPE.getKey(), ""));
            span.end();
        }

        /** The call failed: {@code error.type} is the problem code it is answered with. */
        synchronized void failed(Throwable failure) {
            if (ended) {
                return;
            }
            ended = true;
            String type = failure instanceof ProblemException problem ? problem.code() : failure.getClass().getName();
            span.setAttribute(ERROR_TYPE, type).setStatus(StatusCode.ERROR);
            duration(tags("").and(ERROR_TYPE.getKey(), type));
            span.end();
        }

        /** The caller went away before the end (a stop, a client gone with stop-on-disconnect). */
        synchronized void abandoned() {
            failed(new java.util.concurrent.CancellationException());
        }

        private void tokens(Integer count, AttributeKey<Long> attribute, Tags tags) {
            if (count == null) {
                return;
            }
            span.setAttribute(attribute, count.longValue());
            DistributionSummary.builder("gen_ai.client.token.usage").description("Tokens used by model calls")
                    .serviceLevelObjectives(TOKEN_BUCKETS).tags(tags).register(registry).record(count);
        }

        private void duration(Tags tags) {
            Timer.builder("gen_ai.client.operation.duration").description("Duration of model calls")
                    .serviceLevelObjectives(DURATION_BUCKETS).tags(tags).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        /** The tags of both metrics: the same keys always (Prometheus needs them), empty where they do not apply. */
        private Tags tags(String responseModel) {
            return Tags.of(OPERATION.getKey(), CHAT, REQUEST_MODEL.getKey(), model.id(), SERVER_ADDRESS.getKey(), server,
                    RESPONSE_MODEL.getKey(), responseModel == null ? "" : responseModel);
        }
    }

    private String messagesJson(List<ChatMessage> messages) {
        List<Map<String, String>> shown = new ArrayList<>(messages.size());
        messages.forEach(message -> shown.add(Map.of("role", message.role(), "content", message.content())));
        try {
            return json.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            return "[]";
        }
    }
}
