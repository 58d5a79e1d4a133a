package dev.convo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.convo.contract.Contract;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.PackagedService;
import dev.convo.testing.SseClient;
import io.vertx.core.json.JsonObject;

/**
 * Two thousand clients resume a reply that the model is slow to write and hold their streams open: every one is
 * served, and the packaged service's memory stays bounded (its resident set is written to
 * target/idle-followers.txt).
 */
class IdleFollowersIT {

    private static final int FOLLOWERS = 2_000;
    private static final long MIB = 1024 * 1024;

    private final MongoWireServer mongo = new MongoWireServer();
    private final FakeLlm llm = new FakeLlm();
    private final List<InputStream> open = new ArrayList<>();
    private PackagedService service;

    @AfterEach
    void stopEverything() throws Exception {
        for (InputStream stream : open) {
            stream.close();
        }
        if (service != null) {
            service.process().destroyForcibly();
        }
        llm.stop();
        mongo.stop();
    }

    @Test
    void twoThousandIdleFollowersAreHeldWithBoundedMemory() throws Exception {
        service = PackagedService.start("idle-followers-it", mongo.start().get("quarkus.mongodb.connection-string"),
                llm.start(), Map.of("chat.stream.poll-interval", "1s", "quarkus.http.idle-timeout", "5m"));
        HttpClient http = HttpClient.newHttpClient();
        post(http, "/users", Map.of("name", "A", "email", "a@example.com"));
        String id = new JsonObject(post(http, "/conversations", Map.of("user_email", "a@example.com",
                "first_message", "Hi"))).getJsonObject("conversation").getString("id");
        SseClient writer = SseClient.post(URI.create(service.base() + "/conversations/" + id + "/messages"),
                Map.of("user_email", "a@example.com", "text", "Slowly [[tokens 3]] [[token-delay 45000]]"));
        String reply = new JsonObject(writer.until(event -> "delta".equals(event.name())).get(0).data())
                .getJsonObject("assistantMessage").getString("id");
        // what the first turns set going in the background (the tokenizer's tables load at the first turn) is done
        // before the baseline is taken, so that only the followers are measured
        long before = settledResidentBytes();

        URI events = URI.create(service.base() + "/conversations/" + id + "/messages/" + reply
                + "/events?user_email=a@example.com");
        List<CompletableFuture<HttpResponse<InputStream>>> followers = new ArrayList<>();
        for (int i = 0; i < FOLLOWERS; i++) {
            followers.add(http.sendAsync(HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                    .header("Last-Event-ID", "2").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        int served = 0;
        for (CompletableFuture<HttpResponse<InputStream>> follower : followers) {
            HttpResponse<InputStream> response = Contract.checked(follower.join());
            open.add(response.body());
            served += response.statusCode() == 200 ? 1 : 0;
        }
        long held = residentBytes();
        writer.close();
        String report = String.format("%d idle followers held: service RSS %d MiB before, %d MiB with them (%d KiB each)%n",
                FOLLOWERS, before / MIB, held / MIB, (held - before) / 1024 / FOLLOWERS);
        Files.writeString(Path.of("target", "idle-followers.txt"), report);
        System.out.print(report);
        assertEquals(FOLLOWERS, served);
        assertTrue(held - before < 256 * MIB, report);
        assertTrue(held < 700 * MIB, "within the container's 768 MiB: " + report);
    }

    /** The resident set once it has stopped moving (two readings a second apart within 1 MiB), at most 20 s. */
    private long settledResidentBytes() throws Exception {
        long previous = residentBytes();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1000);
            long now = residentBytes();
            if (Math.abs(now - previous) < MIB) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** The service process's resident set, from /proc. */
    private long residentBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(service.process().pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for the service");
    }

    private String post(HttpClient http, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = Contract.checked(http.send(HttpRequest.newBuilder(URI.create(service.base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(body).encode())).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertEquals(201, response.statusCode(), response.body());
        return response.body();
    }
}
