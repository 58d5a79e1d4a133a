package dev.convo.erasure;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.convo.conversation.Conversation;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.user.Tombstone;
import dev.convo.user.User;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Erasure: afterwards no collection the service writes holds the user's address or any of their ids, also when a
 * turn was still running, and also when the erasure died midway; while it runs, nothing new of theirs is written.
 */
@QuarkusTest
@TestProfile(ErasureTest.CountedAndQuick.class)
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ErasureTest {

    /** Turn counts on (so rate windows are written too), and a short settling time. */
    public static class CountedAndQuick implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.requests-per-minute", "1000", "chat.erasure.settle", "2s");
        }
    }

    /** Every collection the user's data lands in (feedback lives on messages). */
    private static final Set<String> WRITTEN = Set.of("users", "conversations", "messages", "usage_days",
            "rate_windows", "idempotency_keys", "shares");

    @Inject
    ReactiveMongoClient mongo;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    @Inject
    ErasureSweeps sweeps;

    @Test
    void afterAnErasureNoCollectionHoldsTheUsersAddressOrIds() {
        String email = Api.newUser();
        List<String> secrets = everythingOf(email);
        Map<String, Long> before = holding(secrets);
        assertTrue(before.keySet().containsAll(WRITTEN), "the fixture wrote to " + before.keySet());

        erase(email).then().statusCode(204);
        // until the last sweep, the tombstone holds the address and the ids of the conversations active lately
        assertEquals(Set.of("erasures"), holding(secrets).keySet());
        given().get("/users/{e}", email).then().statusCode(404).body("code", equalTo("user_not_found"));

        finishSweeps();
        assertEquals(Map.of(), holding(secrets));
        erase(email).then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void whatATurnRunningDuringTheErasureWritesGoesWithTheLastSweep() throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        CompletableFuture<Integer> slowTurn = CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                .body(Map.of("user_email", email, "text", "[[delay 1500]] slow")).post("/conversations/{id}/messages", id)
                .then().extract().statusCode());
        await().until(() -> count("messages", new Document("conversationId", new org.bson.types.ObjectId(id))) == 4);
        erase(email).then().statusCode(204);
        slowTurn.get();
        // the turn's end counts its usage after the first sweep: a straggler
        await().until(() -> count("usage_days", new Document("email", email)) > 0);

        finishSweeps();
        assertEquals(Map.of(), holding(List.of(email, id)));
    }

    @Test
    void anErasureCutShortBlocksWritesAndIsFinishedByTheSweepJob() {
        String email = Api.newUser();
        List<String> secrets = everythingOf(email);
        String id = secrets.get(2);
        // what a replica that died after the erasure's first steps leaves behind
        Tombstone.begin(email, Duration.ofSeconds(2)).await().indefinitely();
        User.markErasing(email).await().indefinitely();
        Conversation.hideAllOf(email).await().indefinitely();
        mongo.getDatabase(database).getCollection("erasures").updateOne(new Document("_id", email),
                new Document("$set", new Document("startedAt", Date.from(Instant.now().minus(ErasureSweeps.STALLED.multipliedBy(2))))))
                .await().indefinitely();

        given().contentType("application/json").body(Map.of("user_email", email, "first_message", "hello"))
                .post("/conversations").then().statusCode(409).body("code", equalTo("user_erasing"));
        given().contentType("application/json").body(Map.of("user_email", email, "text", "hello"))
                .post("/conversations/{id}/messages", id).then().statusCode(404);
        given().contentType("application/json").body(Map.of("name", "Again", "email", email)).post("/users").then()
                .statusCode(409).body("code", equalTo("user_erasing"));

        assertEquals(1, sweeps.run().await().indefinitely());
        assertEquals(Set.of("erasures"), holding(List.of(email)).keySet());
        finishSweeps();
        assertEquals(Map.of(), holding(secrets));
        given().contentType("application/json").body(Map.of("name", "Back", "email", email)).post("/users").then()
                .statusCode(201);
    }

    @Test
    void callingAgainFinishesAnErasureCutShort() {
        String email = Api.newUser();
        List<String> secrets = everythingOf(email);
        Tombstone.begin(email, Duration.ofSeconds(2)).await().indefinitely();
        User.markErasing(email).await().indefinitely();
        erase(email).then().statusCode(204);
        assertEquals(Set.of("erasures"), holding(secrets).keySet());
        erase(email).then().statusCode(204); // still settling: idempotent
        finishSweeps();
        assertEquals(Map.of(), holding(secrets));
    }

    @Test
    void inEmailModeOnlyAnAdministratorErasesAndAnUnknownUserIsNotFound() {
        String email = Api.newUser();
        // nobody is authenticated in email mode, and an erasure cannot be undone
        given().delete("/users/{e}", email).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().queryParam("user_email", email).delete("/users/{e}", email).then().statusCode(401);
        given().get("/users/{e}", email).then().statusCode(200);
        erase(Api.uniqueEmail()).then().statusCode(404).body("code", equalTo("user_not_found"));
        erase("not an address").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    /** An erasure as an administrator: email mode takes no other. */
    private static io.restassured.response.Response erase(String email) {
        return given().header("Authorization", "Bearer test-admin-token").delete("/users/{e}", email);
    }

    /** The user's data in every collection: a conversation with feedback, an idempotent turn, a share, usage. */
    private List<String> everythingOf(String email) {
        String userId = given().get("/users/{e}", email).then().extract().path("user.id");
        String id = Api.startConversation(email, "Secret plans");
        given().contentType("application/json").header("Idempotency-Key", "key-" + email)
                .body(Map.of("user_email", email, "text", "more secret plans")).post("/conversations/{id}/messages", id)
                .then().statusCode(201);
        JsonPath read = Api.read(id, email).extract().jsonPath();
        given().contentType("application/json").body(Map.of("user_email", email, "rating", "up"))
                .put("/conversations/{id}/messages/{m}/feedback", id, read.getString("messages[1].id")).then().statusCode(200);
        given().queryParam("user_email", email).contentType("application/json").post("/conversations/{id}/shares", id)
                .then().statusCode(201);
        String deleted = Api.startConversation(email, "Deleted but kept");
        Api.delete(deleted, email).statusCode(204);
        await().until(() -> count("usage_days", new Document("email", email)) > 0);
        List<String> secrets = new ArrayList<>(List.of(email, userId, id, deleted));
        secrets.addAll(read.getList("messages.id"));
        return secrets;
    }

    private void finishSweeps() {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            sweeps.run().await().indefinitely();
            return mongo.getDatabase(database).getCollection("erasures").countDocuments().await().indefinitely() == 0;
        });
    }

    /** For each collection of the database, how many of its documents hold any of {@code secrets}. */
    private Map<String, Long> holding(List<String> secrets) {
        Map<String, Long> found = new TreeMap<>();
        Set<String> names = new TreeSet<>(mongo.getDatabase(database).listCollectionNames().collect().asList()
                .await().indefinitely());
        for (String name : names) {
            long holding = mongo.getDatabase(database).getCollection(name).find().collect().asList().await().indefinitely()
                    .stream().map(Document::toJson).filter(json -> secrets.stream().anyMatch(json::contains)).count();
            if (holding > 0) {
                found.put(name, holding);
            }
        }
        return found;
    }

    private long count(String collection, Document filter) {
        return mongo.getDatabase(database).getCollection(collection).countDocuments(filter).await().indefinitely();
    }
}
