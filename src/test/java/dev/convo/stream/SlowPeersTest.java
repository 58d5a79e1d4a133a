package dev.convo.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Peers that never finish are cut off: a client that never completes its request (slowloris), and a model whose
 * stream goes on for ever.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(SlowPeersTest.ShortLimits.class)
class SlowPeersTest {

    /** Connections idle for a second are closed; a streamed reply may take two seconds in all. */
    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s", "llm.stream-timeout", "2s");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aRequestThatIsNeverFinishedIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /conversations HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            int read = in.read();
            assertEquals(-1, read, "the server closed the connection");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 8);
        }
    }

    @Test
    void aModelStreamThatGoesOnForEverIsCutOffAndItsTextKept() {
        String email = Api.newUser();
        // started streamed: its heartbeats keep the connection from this profile's one-second idle timeout, which a
        // plain turn waiting on a loaded machine's model could meet
        String id;
        try (SseClient start = SseClient.post("/conversations", Map.of("user_email", email, "first_message", "Hello"))) {
            id = start.until(event -> "end".equals(event.id())).get(0).json().getString("userMessage.conversationId");
        }
        List<Event> events = SseClient.turn(id, email, "Go on [[tokens 400]] [[token-delay 20]]");
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("llm_timeout", last.json().getString("code"));
        String replyId = events.get(0).json().getString("assistantMessage.id");
        JsonPath stored = await().atMost(Duration.ofSeconds(5)).until(() -> Api.awaitFinished(id, email, replyId),
                reply -> "failed".equals(reply.getString("status")));
        assertEquals("llm_timeout", stored.getString("errorCode"));
        assertTrue(stored.getString("text").startsWith("w1 w2"), stored.getString("text"));
    }
}
