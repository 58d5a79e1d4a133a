package dev.convo.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(RateLimitAndContextTest.Small.class)
class RateLimitAndContextTest {

    /** Three turns a minute per user, and 300 tokens of context for the request (400 minus 100 for the reply). */
    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.requests-per-minute", "3",
                    "llm.context.max-tokens", "400", "llm.context.reply-tokens", "100");
        }
    }

    @Test
    void aFourthTurnInOneMinuteIsRateLimitedAndStoresNothing() {
        UsageTesting.awayFromAMinuteBoundary();
        String email = Api.newUser();
        String id = Api.startConversation(email, "one");
        Api.post(id, email, "two").statusCode(201);
        Api.post(id, email, "three").statusCode(201);
        Api.post(id, email, "four").statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("rate_limited")).header("Retry-After", notNullValue());
        Api.read(id, email).body("conversation.messageCount", equalTo(6));
        assertEquals(6L, Message.count("conversationId", new ObjectId(id)).await().indefinitely());
        String other = Api.newUser();
        Api.startConversation(other, "another user has a rate of their own");
    }

    @Test
    void aTurnRefusedByTheLimitIsNotRememberedUnderItsIdempotencyKey() {
        UsageTesting.awayFromAMinuteBoundary();
        String email = Api.newUser();
        String id = Api.startConversation(email, "one");
        Api.post(id, email, "two").statusCode(201);
        Api.post(id, email, "three").statusCode(201);
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType("application/json").header("Idempotency-Key", key)
                    .body(Map.of("user_email", email, "text", "four")).post("/conversations/{id}/messages", id).then()
                    .statusCode(429).body("code", equalTo("rate_limited")).header("Idempotent-Replayed", nullValue());
        }
        assertEquals(0L, Conversation.mongoDatabase().getCollection("idempotency_keys")
                .countDocuments(new Document("_id.key", key)).await().indefinitely(),
                "the key was given back: the retry after Retry-After runs the turn");
    }

    @Test
    void aMessageTooLongForTheContextWindowIsRefusedBeforeAnythingIsStored() {
        String email = Api.newUser();
        Api.start(email, "word ".repeat(400)).statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("context_too_long"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    @Test
    void theOldestTurnsAreLeftOutWhenTheHistoryOutgrowsTheWindow() {
        UsageTesting.awayFromAMinuteBoundary();
        String email = Api.newUser();
        String id = Api.startConversation(email, "first " + "alpha ".repeat(100));
        Api.post(id, email, "second " + "beta ".repeat(100)).statusCode(201);
        String sent = Api.post(id, email, "third [[inspect]]").statusCode(201).extract().path("messages[1].text");
        List<String> roles = JsonPath.from(sent).getList("messages.role");
        List<String> contents = JsonPath.from(sent).getList("messages.content");
        assertEquals("system", roles.get(0), "the system prompt always stays");
        assertEquals("third [[inspect]]", contents.get(contents.size() - 1), "the newest message always stays");
        assertTrue(roles.size() < 6, "older turns were left out: " + roles);
        assertTrue(contents.stream().noneMatch(text -> text.startsWith("first")), "the oldest went first");
    }
}
