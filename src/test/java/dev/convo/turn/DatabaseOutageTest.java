package dev.convo.turn;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.RestartableMongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * The database stops in the middle of turns and comes back: an acknowledged user message is never lost, and a reply
 * ends complete or failed, never left pending or streaming; a keyed turn refused meanwhile runs when retried.
 */
@QuarkusTest
@WithTestResource(RestartableMongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(DatabaseOutageTest.QuickToGiveUp.class)
class DatabaseOutageTest {

    /** The driver gives up on a server after a second; abandoned replies are swept every four. */
    public static class QuickToGiveUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.server-selection-timeout", "1s", "chat.stream.stale-after", "4s");
        }
    }

    @AfterEach
    void theDatabaseIsBack() {
        RestartableMongoWireServer.bringBackIfDown();
    }

    /** Takes the database down for a moment, as a restart or a failover would. */
    private static void outage(Duration length) {
        RestartableMongoWireServer.takeDown();
        await().pollDelay(length).atMost(length.plusSeconds(1)).until(() -> true);
        RestartableMongoWireServer.bringBack();
    }

    private static String statusOf(String id, String email, String messageId) {
        return Api.read(id, email).statusCode(200).extract().jsonPath().getList("messages", Map.class).stream()
                .filter(message -> messageId.equals(message.get("id"))).map(message -> (String) message.get("status"))
                .findFirst().orElseThrow();
    }

    @Test
    void aStreamCutByAnOutageEndsCompleteOrFailedAndTheUsersMessageIsKept() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String text = "During the outage [[tokens 30]] [[token-delay 100]]";
        String reply;
        String userMessage;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages", Map.of("user_email", email,
                "text", text))) {
            List<Event> opening = stream.until(event -> "delta".equals(event.name()));
            reply = opening.get(0).json().getString("assistantMessage.id");
            userMessage = opening.get(0).json().getString("userMessage.id");
            outage(Duration.ofMillis(1500));
            List<Event> rest = stream.until(event -> "end".equals(event.id()));
            assertTrue(List.of("done", "error").contains(rest.get(rest.size() - 1).name()));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> statusOf(id, email, reply), status -> List.of("complete", "failed").contains(status));
        Api.read(id, email).body("messages.find { it.id == '" + userMessage + "' }.text", equalTo(text));
    }

    @Test
    void aPlainTurnCutByAnOutageIsAnsweredAndItsReplyEnds() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        CompletableFuture<ExtractableResponse<Response>> turn = CompletableFuture.supplyAsync(() -> Api.post(id, email,
                "Slow [[delay 1500]]").extract());
        await().atMost(Duration.ofSeconds(5)).until(() -> Api.read(id, email).extract().<Integer> path(
                "conversation.messageCount") == 4);
        outage(Duration.ofMillis(1000));
        ExtractableResponse<Response> answer = turn.join();
        assertTrue(answer.statusCode() == 201 || answer.statusCode() == 503, answer.asString());
        String reply = Api.read(id, email).extract().path("messages[3].id");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> statusOf(id, email, reply), status -> List.of("complete", "failed").contains(status));
        Api.read(id, email).body("messages[2].text", equalTo("Slow [[delay 1500]]"));
    }

    @Test
    void aKeyedTurnRefusedDuringAnOutageRunsWhenRetriedAfterIt() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String key = UUID.randomUUID().toString();
        RestartableMongoWireServer.takeDown();
        keyed(id, email, key).statusCode(503).body("code", equalTo("database_unavailable"));
        RestartableMongoWireServer.bringBack();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> keyed(id, email, key).extract().statusCode() == 201);
        keyed(id, email, key).statusCode(201).header("Idempotent-Replayed", "true");
        Api.read(id, email).body("conversation.messageCount", equalTo(4));
        assertEquals(4, Api.read(id, email).extract().jsonPath().getList("messages").size());
    }

    private static ValidatableResponse keyed(String id, String email, String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("user_email", email, "text", "Keyed")).post("/conversations/{id}/messages", id).then();
    }
}
