package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Assertions;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class IdempotencyTest {

    @Test
    void aRetriedPostWithTheSameKeyReturnsTheFirstAnswerAndAddsNothing() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = post(id, email, "Once", key).statusCode(201).extract();
        ExtractableResponse<Response> again = post(id, email, "Once", key).statusCode(201)
                .header("Idempotent-Replayed", "true").extract();
        assertEquals(first.jsonPath().getList("messages.id"), again.jsonPath().getList("messages.id"));
        Api.read(id, email).body("conversation.messageCount", equalTo(4));
    }

    @Test
    void aRetryWhileTheFirstRequestStillRunsJoinsIt() throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String key = UUID.randomUUID().toString();
        CompletableFuture<List<Object>> first = CompletableFuture
                .supplyAsync(() -> post(id, email, "Slow [[delay 1500]]", key).statusCode(201).extract().jsonPath().getList("messages.id"));
        // the second request goes out once the first one's turn is stored and its reply is being written
        await().atMost(Duration.ofSeconds(5)).until(() -> Api.read(id, email).extract().<Integer> path("conversation.messageCount") == 4);
        CompletableFuture<List<Object>> second = CompletableFuture.supplyAsync(
                () -> post(id, email, "Slow [[delay 1500]]", key).statusCode(201).extract().jsonPath().getList("messages.id"));
        assertTrue(!first.isDone(), "the second request was sent while the first still ran");
        assertEquals(first.get(), second.get());
        Api.read(id, email).body("conversation.messageCount", equalTo(4));
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessable() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String key = UUID.randomUUID().toString();
        post(id, email, "First", key).statusCode(201);
        post(id, email, "Second", key).statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency_key_reused"));
        Api.read(id, email).body("conversation.messageCount", equalTo(4));
    }

    @Test
    void aFailedTurnIsReplayedAsFailedWithoutASecondTurn() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String key = UUID.randomUUID().toString();
        String userMessage = post(id, email, "Boom [[status 500]]", key).statusCode(502).extract().path("userMessageId");
        post(id, email, "Boom [[status 500]]", key).statusCode(502).body("userMessageId", equalTo(userMessage))
                .header("Idempotent-Replayed", "true");
        Api.read(id, email).body("conversation.messageCount", equalTo(4));
    }

    @Test
    void aKeyWhoseFirstRequestDiedIsTakenOverOnceItsLeaseRunsOut() {
        String email = Api.newUser();
        String finished = UUID.randomUUID().toString();
        start(email, finished).statusCode(201);
        Document done = keys().find(new Document("_id.key", finished)).collect().first().await().indefinitely();
        // the same request under another key, claimed by a replica that died before its lease ran out
        String orphaned = UUID.randomUUID().toString();
        keys().insertOne(new Document("_id", new Document("user", email).append("key", orphaned))
                .append("fingerprint", done.getString("fingerprint")).append("state", "running")
                .append("leaseUntil", Date.from(Instant.now().minusSeconds(1)))
                .append("expiresAt", Date.from(Instant.now().plusSeconds(3600)))).await().indefinitely();
        start(email, orphaned).statusCode(201).header("Idempotent-Replayed", nullValue());
        start(email, orphaned).statusCode(201).header("Idempotent-Replayed", "true");
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(2));
    }

    static ReactiveMongoCollection<Document> keys() {
        return Conversation.mongoDatabase().getCollection("idempotency_keys");
    }

    @Test
    void startingAConversationTwiceWithOneKeyStartsOne() {
        String email = Api.newUser();
        String key = UUID.randomUUID().toString();
        String first = start(email, key).statusCode(201).extract().path("conversation.id");
        String again = start(email, key).statusCode(201).extract().path("conversation.id");
        assertEquals(first, again);
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(1));
    }

    @Test
    void keysBelongToTheirUser() {
        String key = UUID.randomUUID().toString();
        String alice = Api.newUser();
        String bob = Api.newUser();
        String aliceConversation = start(alice, key).statusCode(201).extract().path("conversation.id");
        String bobConversation = start(bob, key).statusCode(201).extract().path("conversation.id");
        Assertions.assertNotEquals(aliceConversation, bobConversation);
    }

    @Test
    void aMalformedKeyIsABadRequest() {
        String email = Api.newUser();
        start(email, "x".repeat(201)).statusCode(400).body("violations.field", hasItem("Idempotency-Key"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    private static ValidatableResponse post(String id, String email, String text, String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("user_email", email, "text", text)).post("/conversations/{id}/messages", id).then();
    }

    private static ValidatableResponse start(String email, String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body(Map.of("user_email", email, "first_message", "Hello")).post("/conversations").then();
    }
}
