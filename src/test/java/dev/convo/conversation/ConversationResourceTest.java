package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConversationResourceTest {

    private static final String OBJECT_ID = "[0-9a-f]{24}";

    @Test
    void startingAConversationStoresTheFirstTurnAndTitlesIt() {
        String email = Api.uniqueEmail();
        String userId = Api.createUser(email);
        String first = "x".repeat(100);
        Api.start(email, first).statusCode(201)
                .body("conversation.id", matchesPattern(OBJECT_ID))
                .body("conversation.userId", equalTo(userId))
                .body("conversation.title", equalTo("x".repeat(80)))
                .body("conversation.messageCount", equalTo(2))
                .body("messages", hasSize(2))
                .body("messages[0].role", equalTo("user"))
                .body("messages[0].text", equalTo(first))
                .body("messages[0].seq", equalTo(1))
                .body("messages[1].role", equalTo("assistant"))
                .body("messages[1].status", equalTo("complete"))
                .body("messages[1].text", equalTo("Echo: " + first))
                .body("messages[1].seq", equalTo(2))
                .body("messages[1].model", equalTo(FakeLlm.MODEL))
                .body("messages[1].usage.promptTokens", notNullValue())
                .body("messages[1].usage.completionTokens", equalTo(2))
                .body("messages[1].finishReason", equalTo("stop"))
                .body("messages[1].latencyMs", notNullValue());
    }

    @Test
    void theModelGetsTheSystemPromptTheKeyAndTheFirstMessage() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String reply = Api.start(email, "Hello [[inspect]]").statusCode(201).extract().path("messages[1].text");
        JsonPath sent = JsonPath.from(reply);
        assertEquals(FakeLlm.MODEL, sent.getString("model"));
        assertEquals(false, sent.getBoolean("stream"));
        assertEquals("Bearer " + FakeLlm.API_KEY, sent.getString("authorization"));
        assertEquals(List.of("system", "user"), sent.getList("messages.role"));
        assertEquals("You are a helpful assistant.", sent.getString("messages[0].content"));
        assertEquals("Hello [[inspect]]", sent.getString("messages[1].content"));
    }

    @Test
    void startingAConversationForAnUnknownUserIsNotFoundAndStoresNothing() {
        Api.start(Api.uniqueEmail(), "Hello").statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void startingAConversationWithoutAFirstMessageIsRejected() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        given().contentType(ContentType.JSON).body(Map.of("user_email", email)).post("/conversations")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("first_message"));
        given().queryParam("limit", 100).get("/conversations/user/{email}", email).then().body("total", equalTo(0));
    }

    @Test
    void postingAMessageStoresItAndTheReplyAfterTheEarlierTurn() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "Tell me a joke").statusCode(201)
                .body("messages", hasSize(2))
                .body("messages[0].role", equalTo("user"))
                .body("messages[0].seq", equalTo(3))
                .body("messages[0].text", equalTo("Tell me a joke"))
                .body("messages[1].role", equalTo("assistant"))
                .body("messages[1].seq", equalTo(4))
                .body("messages[1].status", equalTo("complete"))
                .body("messages[1].text", equalTo("Echo: Tell me a joke"));
        Api.read(id, email).statusCode(200).body("conversation.messageCount", equalTo(4))
                .body("messages.seq", contains(1, 2, 3, 4));
    }

    @Test
    void theModelSeesTheHistoryInOrderEndingWithTheNewMessage() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        String reply = Api.post(id, email, "third [[inspect]]").statusCode(201).extract().path("messages[1].text");
        JsonPath sent = JsonPath.from(reply);
        assertEquals(List.of("system", "user", "assistant", "user", "assistant", "user"), sent.getList("messages.role"));
        assertEquals(List.of("first", "Echo: first", "second", "Echo: second", "third [[inspect]]"),
                sent.getList("messages.content").subList(1, 6));
    }

    @Test
    void clientsCannotPostAsTheAssistant() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", "hi", "role", "assistant"))
                .post("/conversations/{id}/messages", id)
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("violations.field", hasItem("role"));
        Api.read(id, email).body("messages", hasSize(2));
    }

    @Test
    void postingToAnotherUsersConversationIsForbidden() {
        String owner = Api.uniqueEmail();
        String other = Api.uniqueEmail();
        Api.createUser(owner);
        Api.createUser(other);
        String id = Api.startConversation(owner, "Hello");
        Api.post(id, other, "Let me in").statusCode(403).body("code", equalTo("forbidden"));
        Api.read(id, owner).body("messages", hasSize(2)).body("conversation.messageCount", equalTo(2));
    }

    @Test
    void postingToAnUnknownOrMalformedConversationIsNotFound() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        Api.post("0123456789abcdef01234567", email, "Hello").statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.post("not-an-id", email, "Hello").statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void postingABlankMessageIsRejected() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "   ").statusCode(400).body("violations.field", hasItem("text"));
        Api.read(id, email).body("messages", hasSize(2));
    }

    @Test
    void readingAConversationGivesItsMessagesOldestFirst() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.read(id, email.toUpperCase()).statusCode(200)
                .body("conversation.id", equalTo(id))
                .body("conversation.title", equalTo("Hello"))
                .body("messages.role", contains("user", "assistant"))
                .body("messages.text", contains("Hello", "Echo: Hello"))
                .body("nextCursor", nullValue());
    }

    @Test
    void aLongConversationIsReadNewestPageFirstWithACursorToOlderMessages() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "m1");
        Api.post(id, email, "m2").statusCode(201);
        Api.post(id, email, "m3").statusCode(201);
        String cursor = given().queryParam("user_email", email).queryParam("limit", 4).get("/conversations/{id}", id)
                .then().statusCode(200).body("messages.seq", contains(3, 4, 5, 6))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().queryParam("user_email", email).queryParam("limit", 4).queryParam("cursor", cursor)
                .get("/conversations/{id}", id)
                .then().statusCode(200).body("messages.seq", contains(1, 2)).body("nextCursor", nullValue());
    }

    @Test
    void readingWithoutUserEmailIsABadRequest() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        given().get("/conversations/{id}", id).then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("user_email"));
    }

    @Test
    void readingAnotherUsersConversationIsForbidden() {
        String owner = Api.uniqueEmail();
        Api.createUser(owner);
        String id = Api.startConversation(owner, "Hello");
        Api.read(id, Api.uniqueEmail()).statusCode(403).body("code", equalTo("forbidden"))
                .body("messages", nullValue());
    }

    @Test
    void readingAnUnknownOrMalformedConversationIsNotFound() {
        String email = Api.uniqueEmail();
        Api.read("0123456789abcdef01234567", email).statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.read("zzz", email).statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void aBadCursorOrLimitIsABadRequest() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        for (String limit : List.of("0", "-1", "NaN", "101", "1.5", "abc")) {
            given().queryParam("user_email", email).queryParam("limit", limit).get("/conversations/{id}", id)
                    .then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("violations.field", hasItem("limit"));
        }
        given().queryParam("user_email", email).queryParam("cursor", "!!garbage").get("/conversations/{id}", id)
                .then().statusCode(400).body("violations.field", hasItem("cursor"));
    }

    @Test
    void deletingHidesTheConversationButKeepsItStored() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.delete(id, email).statusCode(204);
        Api.read(id, email).statusCode(404).body("code", equalTo("conversation_not_found"));
        given().get("/conversations/user/{email}", email).then().statusCode(200).body("total", equalTo(0))
                .body("items", hasSize(0));
        assertEquals(1L, Conversation.count("_id = ?1 and state = ?2", new org.bson.types.ObjectId(id), "DELETED")
                .await().indefinitely());
    }

    @Test
    void deletingAcceptsTheSeedsJsonBody() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email)).delete("/conversations/{id}", id)
                .then().statusCode(204);
        Api.read(id, email).statusCode(404);
    }

    @Test
    void deletingWithoutUserEmailIsABadRequest() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        given().delete("/conversations/{id}", id).then().statusCode(400).body("violations.field", hasItem("user_email"));
        Api.read(id, email).statusCode(200);
    }

    @Test
    void deletingAnotherUsersConversationIsForbiddenAndKeepsIt() {
        String owner = Api.uniqueEmail();
        Api.createUser(owner);
        String id = Api.startConversation(owner, "Hello");
        Api.delete(id, Api.uniqueEmail()).statusCode(403).body("code", equalTo("forbidden"));
        Api.read(id, owner).statusCode(200);
    }

    @Test
    void deletingAnUnknownOrAlreadyDeletedConversationIsNotFound() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.delete("0123456789abcdef01234567", email).statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.delete(id, email).statusCode(204);
        Api.delete(id, email).statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void aDeletedConversationCannotBePostedToEvenByItsOwner() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String id = Api.startConversation(email, "Hello");
        Api.delete(id, email).statusCode(204);
        Api.post(id, email, "Still there?").statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.post(id, Api.uniqueEmail(), "Still there?").statusCode(404);
        assertEquals(2L, Message.count("conversationId", new org.bson.types.ObjectId(id)).await().indefinitely());
    }

    @Test
    void aUsersConversationsAreListedMostRecentlyActiveFirst() {
        String email = Api.uniqueEmail();
        String userId = Api.createUser(email);
        String older = Api.startConversation(email, "older");
        String newer = Api.startConversation(email, "newer");
        Api.post(older, email, "bump").statusCode(201);
        given().get("/conversations/user/{email}", email.toUpperCase()).then().statusCode(200)
                .body("user.id", equalTo(userId))
                .body("user.email", equalTo(email))
                .body("total", equalTo(2))
                .body("items.id", contains(older, newer))
                .body("items[0].messageCount", equalTo(4))
                .body("nextCursor", nullValue());
    }

    @Test
    void aUsersConversationsArePagedWithACursor() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        String a = Api.startConversation(email, "a");
        String b = Api.startConversation(email, "b");
        String c = Api.startConversation(email, "c");
        String cursor = given().queryParam("limit", 2).get("/conversations/user/{email}", email).then().statusCode(200)
                .body("total", equalTo(3)).body("items.id", contains(c, b)).extract().path("nextCursor");
        given().queryParam("limit", 2).queryParam("cursor", cursor).get("/conversations/user/{email}", email).then()
                .statusCode(200).body("items.id", contains(a)).body("nextCursor", nullValue());
    }

    @Test
    void listingAnUnknownUsersConversationsIsNotFound() {
        given().get("/conversations/user/{email}", Api.uniqueEmail()).then().statusCode(404)
                .body("code", equalTo("user_not_found"));
    }

    @Test
    void listingWithABadCursorIsABadRequest() {
        String email = Api.uniqueEmail();
        Api.createUser(email);
        given().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/conversations/user/{email}", email).then()
                .statusCode(400).body("violations.field", hasItem("cursor"));
    }

    @Test
    void otherUsersConversationsAreNotInAUsersList() {
        String email = Api.uniqueEmail();
        String other = Api.uniqueEmail();
        Api.createUser(email);
        Api.createUser(other);
        String mine = Api.startConversation(email, "mine");
        String theirs = Api.startConversation(other, "theirs");
        given().get("/conversations/user/{email}", email).then().statusCode(200)
                .body("items.id", contains(mine)).body("items.id", not(hasItem(theirs)));
    }
}
