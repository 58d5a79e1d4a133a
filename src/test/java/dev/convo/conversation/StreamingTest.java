package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class StreamingTest {

    @ConfigProperty(name = "llm.provider-url")
    String fakeLlmUrl;

    @Test
    void aStreamedTurnSendsTheStoredMessageThenDeltasThenDoneAndStoresTheReply() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Count [[tokens 5]]"))) {
            assertEquals(200, stream.response().statusCode());
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
                .post("/conversations/{id}/messages", id).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString()
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
        JsonPath reply = awaitFinished(id, email, replyId);
        assertEquals("complete", reply.getString("status"));
        assertEquals(expectedWords(20), reply.getString("text"));
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
        assertEquals(expectedWords(30), seen + rest);
        assertEquals("done", resumed.get(resumed.size() - 1).name());
        assertEquals("complete", resumed.get(resumed.size() - 1).json().getString("message.status"));
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
            assertTrue(text.length() < expectedWords(200).length() && expectedWords(200).startsWith(text));
            JsonPath stored = awaitFinished(id, email, replyId);
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
        assertFailsMidway("Cut [[tokens 10]] [[cut-after 3]]");
    }

    @Test
    void anUpstreamErrorChunkMidwayKeepsThePartialTextAsFailedAndSendsAnError() {
        assertFailsMidway("Err [[tokens 10]] [[error-after 3]]");
    }

    @Test
    void anUpstreamThatFailsBeforeStreamingEndsTheStreamWithAnError() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Boom [[status 500]]"))) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        assertEquals(List.of("message", "error"), events.stream().map(Event::name).toList());
        assertEquals("llm_unavailable", events.get(1).json().getString("code"));
        Api.read(id, email).body("messages[2].status", equalTo("complete")).body("messages[3].status", equalTo("failed"));
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
        JsonPath stored = awaitFinished(id, email, replyId);
        assertEquals("failed", stored.getString("status"));
        assertEquals("llm_unavailable", stored.getString("errorCode"));
        assertEquals("w1 w2 w3 ", stored.getString("text"));
    }

    private static String eventsPath(String id, String replyId, String email) {
        return "/conversations/" + id + "/messages/" + replyId + "/events?user_email=" + email;
    }

    private static String expectedWords(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }

    /** The stored reply once it is no longer streaming (the test waits on the database, not on a clock). */
    static JsonPath awaitFinished(String id, String email, String replyId) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            JsonPath conversation = Api.read(id, email).statusCode(200).extract().jsonPath();
            Map<String, Object> reply = conversation.getList("messages", Map.class).stream()
                    .filter(message -> replyId.equals(message.get("id"))).findFirst().orElseThrow();
            if (!"streaming".equals(reply.get("status")) || System.currentTimeMillis() > deadline) {
                return JsonPath.from(new io.vertx.core.json.JsonObject(reply).encode());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonPath fakeStats() {
        return given().get(fakeLlmUrl.replace("/v1/chat/completions", "/stats")).then().statusCode(200).extract().jsonPath();
    }
}
