package dev.convo.llm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
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
class ResilienceTest {

    @ConfigProperty(name = "llm.provider-url")
    String fakeLlmUrl;

    @Test
    void aServerErrorIsRetriedUntilTheModelAnswers() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String text = unique("Flaky [[fail-first 2]]");
        Api.post(id, email, text).statusCode(201).body("messages[1].text", endsWith("(attempt 3)"));
    }

    @Test
    void aRateLimitIsRetriedAfterTheUpstreamsRetryAfter() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String text = unique("Busy [[fail-first 1]] [[status 429]] [[retry-after 1]]");
        long started = System.nanoTime();
        Api.post(id, email, text).statusCode(201).body("messages[1].text", endsWith("(attempt 2)"));
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 1000, "waited as long as Retry-After said");
    }

    @Test
    void aClientErrorIsNotRetried() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String text = unique("Bad [[status 400]]");
        Api.post(id, email, text).statusCode(422).body("code", equalTo("llm_rejected"));
        assertEquals(1, attempts(text));
    }

    @Test
    void aStreamThatFailsBeforeAnyTextIsRetried() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events = stream(id, email, unique("Flaky [[fail-first 1]]"));
        Event last = events.get(events.size() - 1);
        assertEquals("done", last.name());
        assertTrue(last.json().getString("message.text").endsWith("(attempt 2)"));
    }

    @Test
    void aStreamThatAlreadySentTextIsNeverRetried() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        // the words 100 ms apart: both have reached the service before the cut, whatever the machine's speed (words
        // still in flight when a connection drops are lost with it, and a stream that sent nothing may be retried)
        String text = unique("Cut [[tokens 5]] [[cut-after 2]] [[token-delay 100]]");
        List<Event> events = stream(id, email, text);
        assertEquals("error", events.get(events.size() - 1).name());
        assertEquals(1, attempts(text));
    }

    private static List<Event> stream(String id, String email, String text) {
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages", Map.of("user_email", email, "text", text))) {
            return stream.until(event -> "end".equals(event.id()));
        }
    }

    private static String unique(String text) {
        return text + " " + UUID.randomUUID();
    }

    private int attempts(String prompt) {
        Integer count = given().get(fakeLlmUrl.replace("/v1/chat/completions", "/stats")).then().statusCode(200)
                .extract().jsonPath().getMap("attempts", String.class, Integer.class).get(prompt);
        return count == null ? 0 : count;
    }
}
