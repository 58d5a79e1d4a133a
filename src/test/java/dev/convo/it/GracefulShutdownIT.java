package dev.convo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Sends SIGTERM to the packaged service while two replies stream: the short one finishes within the grace period,
 * the long one is stored as it is (failed, server_shutdown) when the grace period ends, new requests are refused,
 * and the process exits in time.
 */
class GracefulShutdownIT {

    private static final Duration GRACE = Duration.ofSeconds(4);

    private final MongoWireServer mongo = new MongoWireServer();
    private final FakeLlm llm = new FakeLlm();
    private final HttpClient http = HttpClient.newHttpClient();
    private String mongoUri;
    private String base;
    private Process service;

    @BeforeEach
    void startTheService() throws Exception {
        mongoUri = mongo.start().get("quarkus.mongodb.connection-string");
        PackagedService started = PackagedService.start("graceful-shutdown-it", mongoUri, llm.start(),
                Map.of("quarkus.shutdown.timeout", GRACE.toSeconds() + "s", "chat.stream.flush-interval", "200ms"));
        service = started.process();
        base = started.base();
    }

    @AfterEach
    void stopEverything() {
        service.destroyForcibly();
        llm.stop();
        mongo.stop();
    }

    @Test
    void sigtermLetsShortStreamsFinishStoresLongOnesAndRefusesNewTurns() throws Exception {
        post("/users", Map.of("name", "A", "email", "a@example.com"));
        String id = new JsonObject(post("/conversations", Map.of("user_email", "a@example.com", "first_message", "Hi")))
                .getJsonObject("conversation").getString("id");
        SseClient shortStream = SseClient.post(URI.create(base + "/conversations/" + id + "/messages"),
                Map.of("user_email", "a@example.com", "text", "Short [[tokens 10]] [[token-delay 150]]"));
        SseClient longStream = SseClient.post(URI.create(base + "/conversations/" + id + "/messages"),
                Map.of("user_email", "a@example.com", "text", "Long [[tokens 200]] [[token-delay 100]]"));
        String longReply = longStream.until(event -> "message".equals(event.name())).get(0).json()
                .getString("assistantMessage.id");
        shortStream.until(event -> "delta".equals(event.name()));
        longStream.until(event -> "delta".equals(event.name()));
        CompletableFuture<List<Event>> shortRest = CompletableFuture.supplyAsync(() -> shortStream.until(e -> "end".equals(e.id())));

        long signalled = System.nanoTime();
        service.destroy(); // SIGTERM
        await().alias("a new turn during shutdown is refused").atMost(Duration.ofSeconds(5)).until(this::refused);

        List<Event> shortEvents = shortRest.get(GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        assertEquals("done", shortEvents.get(shortEvents.size() - 1).name(), "the short stream finished");
        assertTrue(service.waitFor(GRACE.toSeconds() + 10, TimeUnit.SECONDS), "the service exited");
        assertTrue(Duration.ofNanos(System.nanoTime() - signalled).compareTo(GRACE.plusSeconds(8)) < 0);

        try (MongoClient client = MongoClients.create(mongoUri)) {
            Document stored = client.getDatabase("chat").getCollection("messages")
                    .find(new Document("_id", new ObjectId(longReply))).first();
            assertEquals("FAILED", stored.getString("status"));
            assertEquals("server_shutdown", stored.getString("errorCode"));
            assertFalse(stored.getString("text").isEmpty(), "the text written so far is kept");
        }
        shortStream.close();
        longStream.close();
    }

    private boolean refused() {
        try {
            HttpResponse<String> response = Contract.checked(http.send(HttpRequest.newBuilder(URI.create(base + "/conversations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_email\":\"a@example.com\",\"first_message\":\"Late\"}"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
            return response.statusCode() == 503 && response.body().contains("shutting_down");
        } catch (IOException e) {
            return true; // the listener is closed: refused as well
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String post(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = Contract.checked(http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject(body).encode()))
                .build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(201, response.statusCode(), response.body());
        return response.body();
    }
}
