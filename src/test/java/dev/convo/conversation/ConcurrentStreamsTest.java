package dev.convo.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConcurrentStreamsTest {

    /** 200 in CI; {@code -Dconcurrent.streams=1000 -Dconcurrent.tokens=40} measures what the README quotes. */
    private static final int STREAMS = Integer.getInteger("concurrent.streams", 200);
    private static final int TOKENS = Integer.getInteger("concurrent.tokens", 10);

    @Test
    void twoHundredConcurrentStreamsAllCompleteAndAreStored() throws Exception {
        String email = Api.newUser();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            conversations.add(Api.startConversation(email, "Hello " + i));
        }
        ExecutorService clients = Executors.newFixedThreadPool(STREAMS);
        long started = System.nanoTime();
        try {
            List<Future<Event>> ends = new ArrayList<>();
            for (String id : conversations) {
                ends.add(clients.submit(() -> {
                    try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                            Map.of("user_email", email, "text", "Go [[tokens " + TOKENS + "]] [[token-delay 50]]"))) {
                        List<Event> events = stream.until(event -> "end".equals(event.id()));
                        return events.get(events.size() - 1);
                    }
                }));
            }
            for (Future<Event> end : ends) {
                assertEquals("done", end.get().name());
                assertEquals("complete", end.get().json().getString("message.status"));
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf("%d concurrent streams of %d tokens completed in %d ms%n", STREAMS, TOKENS,
                (System.nanoTime() - started) / 1_000_000);
        for (String id : conversations) {
            Api.read(id, email).statusCode(200)
                    .body("messages[3].status", Matchers.equalTo("complete"))
                    .body("messages[3].text", Matchers.equalTo(FakeLlm.words(TOKENS)));
        }
    }
}
