package dev.convo.llm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With LLM_TRACE_CONTENT on, and only then, a model call's span carries the messages sent and the reply.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(GenAiContentTracingTest.TracedWithContent.class)
class GenAiContentTracingTest {

    /** Tracing on, with the text. */
    public static class TracedWithContent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new GenAiTelemetryTest.Traced().getConfigOverrides());
            config.put("llm.trace-content", "true");
            return config;
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theSpanCarriesTheMessagesSentAndTheReply() {
        String words = "words to trace " + UUID.randomUUID();
        Api.start(Api.newUser(), words).statusCode(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getName().startsWith("chat ")));
        SpanData span = spans.getFinishedSpanItems().stream().filter(found -> found.getName().startsWith("chat "))
                .findFirst().orElseThrow();
        String input = span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"));
        String output = span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"));
        assertTrue(input.contains("\"role\":\"user\"") && input.contains(words), input);
        assertTrue(output.contains("Echo: " + words), output);
    }
}
