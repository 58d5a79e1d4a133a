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

/**
 * Starting a conversation, adding messages and reading it back, as the seed's API does.
 */
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
        String email = Api.newUser();
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
        String stranger = Api.uniqueEmail();
        long messagesBefore = Message.count().await().indefinitely();
        Api.start(stranger, "Hello").statusCode(404).body("code", equalTo("user_not_found"));
        assertEquals(0L, Conversation.count("ownerEmail", stranger).await().indefinitely());
        assertEquals(messagesBefore, Message.count().await().indefinitely());
    }

    @Test
    void startingAConversationWithoutAFirstMessageIsRejected() {
        String email = Api.newUser();
        given().contentType(ContentType.JSON).body(Map.of("user_email", email)).post("/conversations")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("first_message"));
        given().queryParam("limit", 100).get("/conversations/user/{email}", email).then().body("total", equalTo(0));
    }

    @Test
    void postingAMessageStoresItAndTheReplyAfterTheEarlierTurn() {
        String email = Api.newUser();
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
        String email = Api.newUser();
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
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", "hi", "role", "assistant"))
                .post("/conversations/{id}/messages", id)
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("violations.field", hasItem("role"));
        Api.read(id, email).body("messages", hasSize(2));
    }

    @Test
    void postingToAnotherUsersConversationIsForbidden() {
        String owner = Api.newUser();
        String other = Api.newUser();
        String id = Api.startConversation(owner, "Hello");
        Api.post(id, other, "Let me in").statusCode(403).body("code", equalTo("forbidden"));
        Api.read(id, owner).body("messages", hasSize(2)).body("conversation.messageCount", equalTo(2));
    }

    @Test
    void postingToAnUnknownOrMalformedConversationIsNotFound() {
        String email = Api.newUser();
        Api.post("0123456789abcdef01234567", email, "Hello").statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.post("not-an-id", email, "Hello").statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void postingABlankMessageIsRejected() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "   ").statusCode(400).body("violations.field", hasItem("text"));
        Api.read(id, email).body("messages", hasSize(2));
    }

    @Test
    void readingAConversationGivesItsMessagesOldestFirst() {
        String email = Api.newUser();
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
        String email = Api.newUser();
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
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().get("/conversations/{id}", id).then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("user_email"));
    }

    @Test
    void readingAnotherUsersConversationIsForbidden() {
        String owner = Api.newUser();
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
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        for (String limit : List.of("0", "-1", "NaN", "101", "1.5", "abc")) {
            given().queryParam("user_email", email).queryParam("limit", limit).get("/conversations/{id}", id)
                    .then().statusCode(400).body("code", equalTo("validation_failed"))
                    .body("violations.field", hasItem("limit"));
        }
        given().queryParam("user_email", email).queryParam("cursor", "!!garbage").get("/conversations/{id}", id)
                .then().statusCode(400).body("violations.field", hasItem("cursor"));
    }
}
