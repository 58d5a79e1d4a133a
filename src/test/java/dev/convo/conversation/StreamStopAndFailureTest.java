package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * How a streamed reply ends other than complete: stopped by its owner, or failed upstream; the text so far is kept.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class StreamStopAndFailureTest {

    @ConfigProperty(name = "llm.provider-url")
    String fakeLlmUrl;

    @Test
    void stoppingAStreamCancelsTheModelCallAndKeepsTheTextSoFar() throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        int cancelledBefore = fakeStats().getInt("cancelled");
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Long [[tokens 200]] [[token-delay 50]]"))) {
            List<Event> first = stream.until(event -> "delta".equals(event.name()) && Integer.parseInt(event.id()) > 10);
            String replyId = first.get(0).json().getString("assistantMessage.id");
            Instant asked = Instant.now();
            given().queryParam("user_email", email).post("/conversations/{id}/messages/{m}/stop", id, replyId)
                    .then().statusCode(202).body("message.id", equalTo(replyId));
            List<Event> rest = stream.until(event -> "end".equals(event.id()));
            Event last = rest.get(rest.size() - 1);
            assertTrue(Duration.between(asked, Instant.now()).toMillis() < 2500, "stopped within about a second");
            assertEquals("done", last.name());
            assertEquals("stopped", last.json().getString("message.status"));
            String text = last.json().getString("message.text");
            assertTrue(text.length() < FakeLlm.words(200).length() && FakeLlm.words(200).startsWith(text));
            JsonPath stored = Api.awaitFinished(id, email, replyId);
            assertEquals("stopped", stored.getString("status"));
            assertEquals(text, stored.getString("text"));
        }
        assertEquals(cancelledBefore + 1, fakeStats().getInt("cancelled"), "the upstream call was cancelled");
    }

    @Test
    void stoppingAReplyThatIsNotStreamingConflicts() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String replyId = Api.read(id, email).extract().path("messages[1].id");
        given().queryParam("user_email", email).post("/conversations/{id}/messages/{m}/stop", id, replyId)
                .then().statusCode(409).body("code", equalTo("not_streaming"));
        given().queryParam("user_email", email).post("/conversations/{id}/messages/{m}/stop", id, "0123456789abcdef01234567")
                .then().statusCode(404).body("code", equalTo("message_not_found"));
        given().queryParam("user_email", email).post("/conversations/{id}/messages/{m}/stop", id, "nope")
                .then().statusCode(404).body("code", equalTo("message_not_found"));
    }

    @Test
    void anUpstreamCutMidwayKeepsThePartialTextAsFailedAndSendsAnError() {
        // midway: chunks 50 ms apart, so that the cut comes well after the stream started (a close within the first
        // milliseconds, before the REST client has registered its stream handlers, is only seen by the idle timeout)
        assertFailsMidway("Cut [[tokens 10]] [[cut-after 3]] [[token-delay 50]]");
    }

    @Test
    void anUpstreamErrorChunkMidwayKeepsThePartialTextAsFailedAndSendsAnError() {
        assertFailsMidway("Err [[tokens 10]] [[error-after 3]]");
    }

    @Test
    void anUpstreamThatFailsBeforeStreamingEndsTheStreamWithAnError() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events = SseClient.turn(id, email, "Boom [[status 500]]");
        assertEquals(List.of("message", "error"), events.stream().map(Event::name).toList());
        assertEquals("llm_unavailable", events.get(1).json().getString("code"));
        Api.read(id, email).body("messages[2].status", equalTo("complete")).body("messages[3].status", equalTo("failed"));
    }

    private void assertFailsMidway(String text) {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages", Map.of("user_email", email, "text", text))) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("llm_unavailable", last.json().getString("code"));
        assertNotNull(last.json().getString("userMessageId"));
        String replyId = events.get(0).json().getString("assistantMessage.id");
        assertEquals(replyId, last.json().getString("assistantMessageId"));
        JsonPath stored = Api.awaitFinished(id, email, replyId);
        assertEquals("failed", stored.getString("status"));
        assertEquals("llm_unavailable", stored.getString("errorCode"));
        assertEquals("w1 w2 w3 ", stored.getString("text"));
    }

    private JsonPath fakeStats() {
        return given().get(fakeLlmUrl.replace("/v1/chat/completions", "/stats")).then().statusCode(200).extract().jsonPath();
    }
}
