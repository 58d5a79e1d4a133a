package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.convo.stream.ChangeStreams;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.hamcrest.Matchers;

/**
 * Streamed turns: the events in order, the body flag, a client leaving, resuming and replaying, heartbeats.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class StreamingTest {

    @Inject
    ChangeStreams changeStreams;

    @Test
    void aStreamedTurnSendsTheStoredMessageThenDeltasThenDoneAndStoresTheReply() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Count [[tokens 5]]"))) {
            assertEquals(201, stream.response().statusCode(), "created, like the JSON turn");
            assertEquals("no", stream.response().headers().firstValue("X-Accel-Buffering").orElse(null));
            assertTrue(stream.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            events = stream.until(event -> "end".equals(event.id()));
        }
        assertEquals(List.of("message", "delta", "delta", "delta", "delta", "delta", "done"),
                events.stream().map(Event::name).toList());
        assertEquals("0", events.get(0).id());
        JsonPath started = events.get(0).json();
        assertEquals("Count [[tokens 5]]", started.getString("userMessage.text"));
        assertEquals("streaming", started.getString("assistantMessage.status"));
        String replyId = started.getString("assistantMessage.id");
        String text = events.subList(1, 6).stream().map(event -> event.json().getString("text"))
                .collect(Collectors.joining());
        assertEquals("w1 w2 w3 w4 w5", text);
        assertEquals(List.of("3", "6", "9", "12", "14"), events.subList(1, 6).stream().map(Event::id).toList());
        JsonPath done = events.get(6).json();
        assertEquals(replyId, done.getString("message.id"));
        assertEquals("complete", done.getString("message.status"));
        assertEquals("stop", done.getString("message.finishReason"));
        assertEquals(5, done.getInt("message.usage.completionTokens"));
        Api.read(id, email).statusCode(200).body("messages[3].id", equalTo(replyId))
                .body("messages[3].text", equalTo("w1 w2 w3 w4 w5")).body("messages[3].status", equalTo("complete"));
    }

    @Test
    void streamTrueInTheBodyAsksForAStreamToo() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events = given().contentType("application/json").accept("application/json")
                .body(Map.of("user_email", email, "text", "Hi [[tokens 2]]", "stream", true))
                .post("/conversations/{id}/messages", id).then().statusCode(201)
                .contentType(Matchers.startsWith("text/event-stream")).extract().asString()
                .lines().filter(line -> line.startsWith("event:")).map(line -> new Event(null, line.substring(6).strip(), null, null))
                .toList();
        assertEquals(List.of("message", "delta", "delta", "done"), events.stream().map(Event::name).toList());
    }

    @Test
    void aConversationCanStartWithAStreamedTurn() {
        String email = Api.newUser();
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations", Map.of("user_email", email, "first_message", "Hi there"))) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        assertEquals("done", events.get(events.size() - 1).name());
        String conversationId = events.get(0).json().getString("userMessage.conversationId");
        Api.read(conversationId, email).statusCode(200).body("messages.text", contains("Hi there", "Echo: Hi there"))
                .body("conversation.title", equalTo("Hi there"));
    }

    @Test
    void aClientLeavingMidwayStillGetsTheWholeReplyStored() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String replyId;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Long [[tokens 20]] [[token-delay 50]]"))) {
            List<Event> first = stream.until(event -> "delta".equals(event.name()));
            replyId = first.get(0).json().getString("assistantMessage.id");
        }
        JsonPath reply = Api.awaitFinished(id, email, replyId);
        assertEquals("complete", reply.getString("status"));
        assertEquals(FakeLlm.words(20), reply.getString("text"));
    }

    @Test
    void aStreamResumesFromTheLastEventIdAndFollowsItToTheEnd() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String replyId;
        String lastId;
        String seen;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Long [[tokens 30]] [[token-delay 40]]"))) {
            List<Event> first = stream.until(event -> "delta".equals(event.name()) && Integer.parseInt(event.id()) > 6);
            replyId = first.get(0).json().getString("assistantMessage.id");
            lastId = first.get(first.size() - 1).id();
            seen = first.subList(1, first.size()).stream().map(event -> event.json().getString("text"))
                    .collect(Collectors.joining());
        }
        List<Event> resumed;
        try (SseClient stream = SseClient.get(eventsPath(id, replyId, email), lastId)) {
            assertEquals(200, stream.response().statusCode());
            resumed = stream.until(event -> "end".equals(event.id()));
        }
        assertTrue(resumed.stream().noneMatch(event -> "message".equals(event.name())));
        String rest = resumed.stream().filter(event -> "delta".equals(event.name()))
                .map(event -> event.json().getString("text")).collect(Collectors.joining());
        assertEquals(FakeLlm.words(30), seen + rest);
        assertEquals("done", resumed.get(resumed.size() - 1).name());
        assertEquals("complete", resumed.get(resumed.size() - 1).json().getString("message.status"));
    }

    @Test
    void eventsAreStandardServerSentEventsWithJsonData() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String raw = given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("user_email", email, "text", "Raw [[tokens 2]]")).post("/conversations/{id}/messages", id)
                .then().statusCode(201).extract().asString();
        for (String line : raw.split("\n")) {
            assertTrue(line.isEmpty() || line.matches("(id|event|data):.*|:.*"), "a line SSE defines: " + line);
            if (line.startsWith("data:")) {
                assertTrue(line.substring(5).strip().startsWith("{"), "JSON data: " + line);
            }
        }
    }

    @Test
    void onTheEmbeddedServerFollowersPollForThereAreNoChangeStreams() {
        assertFalse(changeStreams.supported(), "a standalone server: the resume tests here run the polling follower");
    }

    @Test
    void aFinishedReplyReplaysFromTheStartAndEndsAtOnce() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String replyId = Api.read(id, email).extract().path("messages[1].id");
        List<Event> events;
        try (SseClient stream = SseClient.get(eventsPath(id, replyId, email), null)) {
            events = stream.all().stream().filter(event -> event.comment() == null).toList();
        }
        assertEquals(List.of("message", "delta", "done"), events.stream().map(Event::name).toList());
        assertEquals("Echo: Hello", events.get(1).json().getString("text"));
    }

    @Test
    void heartbeatsKeepASlowStreamAlive() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> all;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Slow [[tokens 2]] [[token-delay 800]]"))) {
            all = stream.all();
        }
        assertTrue(all.stream().anyMatch(event -> "heartbeat".equals(event.comment())), "a heartbeat comment was sent");
        assertEquals("done", all.stream().filter(event -> event.comment() == null).reduce((a, b) -> b).orElseThrow().name());
    }

    @Test
    void badInputToAStreamedTurnIsAProblemBodyNotAStream() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType("application/json").accept("text/event-stream").body(Map.of("user_email", email, "text", " "))
                .post("/conversations/{id}/messages", id).then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("validation_failed"));
        given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("user_email", Api.uniqueEmail(), "text", "hi"))
                .post("/conversations/{id}/messages", id).then().statusCode(403).body("code", equalTo("forbidden"));
        given().queryParam("user_email", email).accept("text/event-stream")
                .get("/conversations/{id}/messages/{m}/events", id, "0123456789abcdef01234567")
                .then().statusCode(404).body("code", equalTo("message_not_found"));
    }

    private static String eventsPath(String id, String replyId, String email) {
        return "/conversations/" + id + "/messages/" + replyId + "/events?user_email=" + email;
    }
}
