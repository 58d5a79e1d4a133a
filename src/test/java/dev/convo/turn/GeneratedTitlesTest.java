package dev.convo.turn;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(GeneratedTitlesTest.TitlesOn.class)
class GeneratedTitlesTest {

    /** The fake model echoes the title question, so a generated title starts with "Echo: Give this ...". */
    private static final String GENERATED = "Echo: Give this conversation a title";

    /** CHAT_GENERATE_TITLES=true. */
    public static class TitlesOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.generate-titles", "true");
        }
    }

    @Test
    void aTitleIsAskedOfTheModelAfterTheFirstReplyWithoutDelayingIt() {
        String email = Api.newUser();
        String id = Api.start(email, "Plan a trip").statusCode(201)
                .body("conversation.title", equalTo("Plan a trip")).extract().path("conversation.id");
        awaitGeneratedTitle(id, email);
    }

    @Test
    void aConversationStartedAsAStreamGetsItsGeneratedTitleToo() {
        String email = Api.newUser();
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations",
                Map.of("user_email", email, "first_message", "Plan a trip [[tokens 3]]"))) {
            assertEquals(201, stream.response().statusCode());
            events = stream.until(event -> "end".equals(event.id()));
        }
        assertEquals("done", events.get(events.size() - 1).name());
        String id = events.get(0).json().getString("userMessage.conversationId");
        awaitGeneratedTitle(id, email);
    }

    private static void awaitGeneratedTitle(String id, String email) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Api.read(id, email).extract().<String> path("conversation.title"),
                        title -> title.startsWith(GENERATED));
    }
}
