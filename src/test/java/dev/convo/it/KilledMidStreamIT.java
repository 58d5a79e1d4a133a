package dev.convo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import dev.convo.contract.Contract;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.PackagedService;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.vertx.core.json.JsonObject;

/**
 * Kills the packaged service (SIGKILL: no shutdown hook, nothing stored) in the middle of a streamed reply; a second
 * instance, where the client resumes, tells the follower within the stale time that the reply was lost, and the
 * reply is stored failed with the text saved so far, the user's message intact.
 */
class KilledMidStreamIT {

    private static final Duration STALE = Duration.ofSeconds(3);
    private static final Map<String, String> SETTINGS = Map.of("chat.stream.stale-after", STALE.toSeconds() + "s",
            "chat.stream.flush-interval", "200ms", "chat.stream.poll-interval", "200ms");

    private final MongoWireServer mongo = new MongoWireServer();
    private final FakeLlm llm = new FakeLlm();
    private PackagedService first;
    private PackagedService second;

    @AfterEach
    void stopEverything() {
        for (PackagedService service : new PackagedService[] { first, second }) {
            if (service != null) {
                service.process().destroyForcibly();
            }
        }
        llm.stop();
        mongo.stop();
    }

    @Test
    void aReplyWhoseReplicaWasKilledIsFailedForItsFollowerWithinTheStaleTime() throws Exception {
        String mongoUri = mongo.start().get("quarkus.mongodb.connection-string");
        Map<String, String> model = llm.start();
        first = PackagedService.start("killed-mid-stream-it", mongoUri, model, SETTINGS);
        post(first, "/users", Map.of("name", "A", "email", "a@example.com"));
        String id = new JsonObject(post(first, "/conversations", Map.of("user_email", "a@example.com",
                "first_message", "Hi"))).getJsonObject("conversation").getString("id");
        String reply;
        String userMessage;
        try (SseClient stream = SseClient.post(URI.create(first.base() + "/conversations/" + id + "/messages"),
                Map.of("user_email", "a@example.com", "text", "Long [[tokens 300]] [[token-delay 50]]"))) {
            JsonObject started = new JsonObject(stream.until(event -> "message".equals(event.name())).get(0).data());
            reply = started.getJsonObject("assistantMessage").getString("id");
            userMessage = started.getJsonObject("userMessage").getString("id");
            stream.until(event -> "delta".equals(event.name()) && Integer.parseInt(event.id()) > 20);
            first.process().destroyForcibly(); // SIGKILL
            assertTrue(first.process().waitFor(10, TimeUnit.SECONDS));
        }

        second = PackagedService.start("killed-mid-stream-it", mongoUri, model, SETTINGS);
        long resumed = System.nanoTime();
        List<Event> events;
        try (SseClient follow = SseClient.open(HttpRequest.newBuilder(URI.create(second.base() + "/conversations/" + id
                + "/messages/" + reply + "/events?user_email=a@example.com")).header("Accept", "text/event-stream"))) {
            events = follow.until(event -> "end".equals(event.id()));
        }
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertTrue(last.data().contains("generation_lost"), last.data());
        assertTrue(Duration.ofNanos(System.nanoTime() - resumed).compareTo(STALE.plusSeconds(3)) < 0,
                "told within the stale time");

        try (MongoClient client = MongoClients.create(mongoUri)) {
            Document stored = client.getDatabase("chat").getCollection("messages")
                    .find(new Document("_id", new ObjectId(reply))).first();
            assertEquals("FAILED", stored.getString("status"));
            assertEquals("generation_lost", stored.getString("errorCode"));
            assertFalse(stored.getString("text").isEmpty(), "the text saved before the kill is kept");
            Document user = client.getDatabase("chat").getCollection("messages")
                    .find(new Document("_id", new ObjectId(userMessage))).first();
            assertEquals("Long [[tokens 300]] [[token-delay 50]]", user.getString("text"));
        }
    }

    private static String post(PackagedService service, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = Contract.checked(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.base()
                + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(body).encode())).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(201, response.statusCode(), response.body());
        return response.body();
    }
}
