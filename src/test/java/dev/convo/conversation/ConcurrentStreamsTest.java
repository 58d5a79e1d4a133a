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

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConcurrentStreamsTest {

    private static final int STREAMS = 200;

    @Test
    void twoHundredConcurrentStreamsAllCompleteAndAreStored() throws Exception {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            conversations.add(Api.startConversation(email, "Hello " + i));
        }
        ExecutorService clients = Executors.newFixedThreadPool(STREAMS);
        try {
            List<Future<Event>> ends = new ArrayList<>();
            for (String id : conversations) {
                ends.add(clients.submit(() -> {
                    try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                            Map.of("user_email", email, "text", "Go [[tokens 10]] [[token-delay 30]]"))) {
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
        for (String id : conversations) {
            Api.read(id, email).statusCode(200)
                    .body("messages[3].status", org.hamcrest.Matchers.equalTo("complete"))
                    .body("messages[3].text", org.hamcrest.Matchers.equalTo("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"));
        }
    }
}
