package dev.convo.llm;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Model calls in the OpenTelemetry GenAI conventions: a client span per call with the request and response model,
 * token usage and finish reasons, never the text; and the two GenAI histograms by model.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(GenAiTelemetryTest.Traced.class)
class GenAiTelemetryTest {

    /** Tracing on, exported to memory at once. */
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "20ms",
                    "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:1");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @Test
    void aTurnIsOneGenAiClientSpanWithoutTheText() {
        String secret = "my private words " + UUID.randomUUID();
        Api.start(Api.newUser(), secret).statusCode(201);

        SpanData span = chatSpan();
        assertEquals("chat " + FakeLlm.MODEL, span.getName());
        assertEquals(SpanKind.CLIENT, span.getKind());
        assertEquals("chat", span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")));
        assertEquals(FakeLlm.MODEL, span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
        assertEquals(FakeLlm.MODEL, span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")));
        assertTrue(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")) > 0);
        assertTrue(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")) > 0);
        assertEquals(List.of("stop"), span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
        assertNull(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")));
        assertFalse(span.getAttributes().toString().contains("private words"), "no message text in the span");
    }

    @Test
    void aStreamedTurnIsOneSpanEndedWithTheStream() {
        String email = Api.newUser();
        try (SseClient stream = SseClient.post("/conversations", Map.of("user_email", email,
                "first_message", "Stream it", "stream", true))) {
            stream.until(event -> "done".equals(event.name()) || "error".equals(event.name()));
        }
        SpanData span = chatSpan();
        assertEquals(List.of("stop"), span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
        assertTrue(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")) > 0);
    }

    @Test
    void aFailedCallSaysWhyInErrorType() {
        Api.start(Api.newUser(), "Down [[status 500]] " + UUID.randomUUID()).statusCode(502);
        SpanData span = chatSpan();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("llm_unavailable", span.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void tokensAndDurationsAreHistogramsByModel() {
        Api.start(Api.newUser(), "Count me").statusCode(201);
        given().get("/q/metrics").then()
                .body(containsString("gen_ai_client_token_usage_count{gen_ai_operation_name=\"chat\","))
                .body(containsString("gen_ai_request_model=\"" + FakeLlm.MODEL + "\""))
                .body(containsString("gen_ai_token_type=\"output\""))
                .body(containsString("gen_ai_client_operation_duration_seconds_bucket{"));
    }

    private SpanData chatSpan() {
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getName().startsWith("chat ")));
        List<SpanData> chats = spans.getFinishedSpanItems().stream().filter(span -> span.getName().startsWith("chat "))
                .toList();
        assertEquals(1, chats.size(), "one span per model call");
        return chats.get(0);
    }
}
