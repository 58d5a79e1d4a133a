package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

/**
 * Ratings of replies: given and taken back by the owner, shown on the message, read by administrators with what
 * they judged, and exported as JSON Lines.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class FeedbackTest {

    private static final String ADMIN = "Bearer test-admin-token";

    @Test
    void theOwnerRatesAReplyReplacesTheRatingAndTakesItBack() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String reply = Api.read(id, email).extract().path("messages[1].id");

        rate(id, reply, Map.of("user_email", email, "rating", "up", "comment", "  Just right.  ")).statusCode(200)
                .body("message.id", equalTo(reply)).body("message.feedback.rating", equalTo("up"))
                .body("message.feedback.comment", equalTo("Just right.")).body("message.feedback.at", notNullValue());
        Api.read(id, email).body("messages[1].feedback.rating", equalTo("up"));

        rate(id, reply, Map.of("user_email", email, "rating", "down")).statusCode(200)
                .body("message.feedback.rating", equalTo("down")).body("message.feedback", not(hasKey("comment")));

        given().queryParam("user_email", email).delete("/conversations/{id}/messages/{m}/feedback", id, reply)
                .then().statusCode(204);
        Api.read(id, email).body("messages[1]", not(hasKey("feedback")));
        given().queryParam("user_email", email).delete("/conversations/{id}/messages/{m}/feedback", id, reply)
                .then().statusCode(204);
    }

    @Test
    void onlyTheModelsFinishedRepliesCanBeRated() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        JsonPath read = Api.read(id, email).extract().jsonPath();
        rate(id, read.getString("messages[0].id"), Map.of("user_email", email, "rating", "up")).statusCode(400)
                .body("code", equalTo("validation_failed")).body("violations[0].field", equalTo("messageId"));

        String reply = read.getString("messages[1].id");
        Message.mongoCollection().updateOne(new Document("_id", new ObjectId(reply)),
                new Document("$set", new Document("status", "STREAMING").append("updatedAt", new java.util.Date())))
                .await().indefinitely();
        rate(id, reply, Map.of("user_email", email, "rating", "up")).statusCode(409)
                .body("code", equalTo("reply_in_progress"));

        rate(id, reply, Map.of("user_email", email, "rating", "sideways")).statusCode(400);
        rate(id, reply, Map.of("user_email", email)).statusCode(400).body("code", equalTo("validation_failed"));
        rate(id, reply, Map.of("user_email", email, "rating", "up", "comment", "x".repeat(2001))).statusCode(400);
    }

    @Test
    void administratorsReadEachRatingWithTheQuestionAndTheReply() {
        Instant since = Instant.now().minusMillis(1);
        String alice = Api.newUser();
        String aliceConversation = Api.startConversation(alice, "What is 2 + 2?");
        String aliceReply = Api.read(aliceConversation, alice).extract().path("messages[1].id");
        rate(aliceConversation, aliceReply, Map.of("user_email", alice, "rating", "down", "comment", "Wrong."))
                .statusCode(200);
        String bob = Api.newUser();
        String bobConversation = Api.startConversation(bob, "Say hi");
        String bobReply = Api.read(bobConversation, bob).extract().path("messages[1].id");
        rate(bobConversation, bobReply, Map.of("user_email", bob, "rating", "up")).statusCode(200);

        JsonPath page = list(Map.of("since", since.toString())).statusCode(200).extract().jsonPath();
        assertEquals(List.of(bobReply, aliceReply), page.getList("items.reply.id"), "most recent first");
        assertEquals(alice, page.getString("items[1].userEmail"));
        assertEquals("What is 2 + 2?", page.getString("items[1].question.text"));
        assertEquals("Echo: What is 2 + 2?", page.getString("items[1].reply.text"));
        assertEquals("Wrong.", page.getString("items[1].comment"));
        assertEquals(aliceConversation, page.getString("items[1].conversationId"));

        assertEquals(List.of(aliceReply), list(Map.of("since", since.toString(), "rating", "down")).extract()
                .jsonPath().getList("items.reply.id"));
        String cursor = list(Map.of("since", since.toString(), "limit", "1")).extract().path("nextCursor");
        assertEquals(List.of(aliceReply), list(Map.of("since", since.toString(), "limit", "1", "cursor", cursor))
                .extract().jsonPath().getList("items.reply.id"));

        Api.delete(bobConversation, bob).statusCode(204);
        assertEquals(List.of(aliceReply), list(Map.of("since", since.toString())).extract().jsonPath()
                .getList("items.reply.id"), "a deleted conversation's ratings are left out");
    }

    @Test
    void everyRatingIsExportedAsJsonLines() {
        Instant since = Instant.now().minusMillis(1);
        String email = Api.newUser();
        for (int i = 0; i < 3; i++) {
            String id = Api.startConversation(email, "Question " + i);
            String reply = Api.read(id, email).extract().path("messages[1].id");
            rate(id, reply, Map.of("user_email", email, "rating", i == 1 ? "down" : "up")).statusCode(200);
        }
        String lines = given().header("Authorization", ADMIN).accept("application/x-ndjson")
                .queryParam("since", since.toString()).get("/feedback/export").then().statusCode(200)
                .contentType(startsWith("application/x-ndjson")).extract().asString();
        List<JsonObject> items = Arrays.stream(lines.split("\n")).filter(line -> !line.isBlank())
                .map(JsonObject::new).toList();
        assertEquals(List.of("Question 2", "Question 1", "Question 0"),
                items.stream().map(item -> item.getJsonObject("question").getString("text")).toList());
        assertTrue(items.stream().allMatch(item -> email.equals(item.getString("userEmail"))));
    }

    @Test
    void badFiltersAreRefusedAndOnlyAdministratorsReadRatings() {
        list(Map.of("since", "yesterday")).statusCode(400).body("violations[0].field", equalTo("since"));
        list(Map.of("rating", "meh")).statusCode(400).body("violations[0].field", equalTo("rating"));
        list(Map.of("limit", "0")).statusCode(400);
        list(Map.of("cursor", "bm9wZQ")).statusCode(400).body("violations[0].field", equalTo("cursor"));
        given().get("/feedback").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/feedback/export").then().statusCode(403);
    }

    private static ValidatableResponse rate(String id, String messageId, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body)
                .put("/conversations/{id}/messages/{m}/feedback", id, messageId).then();
    }

    private static ValidatableResponse list(Map<String, String> query) {
        return given().header("Authorization", ADMIN).queryParams(query).get("/feedback").then();
    }
}
