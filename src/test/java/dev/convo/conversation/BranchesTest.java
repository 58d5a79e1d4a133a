package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Edited messages and new versions of replies as branches of a tree: the model sees only the branch it answers on,
 * every branch is kept whole and can be shown again, and a conversation stored as a line becomes a tree when edited.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class BranchesTest {

    @Test
    void anEditStartsABranchThatTheModelSeesAlone() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        Api.post(id, email, "third").statusCode(201);
        String second = Api.read(id, email).extract().path("messages[2].id");

        JsonPath edited = edit(id, second, email, "second, edited [[inspect]]").statusCode(201).extract().jsonPath();
        assertEquals(List.of("first", "Echo: first", "second, edited [[inspect]]"), sentByModel(edited));

        JsonPath read = Api.read(id, email).extract().jsonPath();
        assertEquals(List.of("first", "Echo: first", "second, edited [[inspect]]", edited.getString("messages[1].text")),
                read.getList("messages.text"));
        assertEquals(2, read.getInt("messages[2].versionCount"));
        assertEquals(2, read.getInt("messages[2].versionIndex"));
        assertEquals(second, read.getString("messages[2].versionIds[0]"));
        assertEquals(1, read.getInt("messages[0].versionCount"));
        assertEquals(edited.getString("messages[1].id"), read.getString("conversation.activeLeafId"));

        assertEquals(List.of("first", "Echo: first", "second, edited [[inspect]]", edited.getString("messages[1].text"),
                "next [[inspect]]"), sentByModel(Api.post(id, email, "next [[inspect]]").statusCode(201)
                        .extract().jsonPath()));
    }

    @Test
    void switchingBackShowsTheEarlierBranchWholeAndContinuesIt() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        Api.post(id, email, "third").statusCode(201);
        String second = Api.read(id, email).extract().path("messages[2].id");
        edit(id, second, email, "another second").statusCode(201);

        activate(id, second, email).statusCode(200)
                .body("messages.text", equalTo(List.of("first", "Echo: first", "second", "Echo: second", "third",
                        "Echo: third")))
                .body("messages[2].versionIndex", equalTo(1)).body("messages[2].versionCount", equalTo(2));
        assertEquals(List.of("first", "Echo: first", "second", "Echo: second", "third", "Echo: third", "[[inspect]] on"),
                sentByModel(Api.post(id, email, "[[inspect]] on").statusCode(201).extract().jsonPath()));
        assertEquals(10, Api.read(id, email).extract().<Integer>path("conversation.messageCount"));
    }

    @Test
    void aBranchCanBeReadWithoutSwitchingToIt() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        String first = Api.read(id, email).extract().path("messages[0].id");
        String oldReply = Api.read(id, email).extract().path("messages[1].id");
        edit(id, first, email, "first again").statusCode(201);

        given().queryParam("user_email", email).queryParam("leaf", oldReply).get("/conversations/{id}", id).then()
                .statusCode(200).body("messages.text", equalTo(List.of("first", "Echo: first")));
        Api.read(id, email).body("messages.text", equalTo(List.of("first again", "Echo: first again")));
        given().queryParam("user_email", email).queryParam("leaf", new ObjectId().toHexString())
                .get("/conversations/{id}", id).then().statusCode(404);
    }

    @Test
    void aNewVersionIsASiblingAndAnEarlierReplyCanHaveOne() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first [[inspect]]");
        Api.post(id, email, "second").statusCode(201);
        String firstReply = Api.read(id, email).extract().path("messages[1].id");

        JsonPath regenerated = Api.regenerate(id, firstReply, email).statusCode(201).extract().jsonPath();
        assertEquals(List.of("first [[inspect]]"), sentByModel(regenerated));
        JsonPath read = Api.read(id, email).extract().jsonPath();
        assertEquals(2, read.getList("messages").size(), "the new version starts a branch without the later turn");
        assertEquals(2, read.getInt("messages[1].versionIndex"));
        assertEquals(firstReply, read.getString("messages[1].versions[0].id"));

        String last = read.getString("messages[1].id");
        Api.regenerate(id, last, email).statusCode(201);
        Api.read(id, email).body("messages[1].versionCount", equalTo(3)).body("messages[1].versionIndex", equalTo(3));
        activate(id, firstReply, email).statusCode(200).body("messages.text[2]", equalTo("second"));
    }

    @Test
    void aBranchStartedWhileAReplyIsStreamingKeepsThatReplyOnItsOwnBranch() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        String first = Api.read(id, email).extract().path("messages[0].id");
        try (SseClient slow = SseClient.post("/conversations/" + id + "/messages", Map.of("user_email", email,
                "text", "slow [[tokens 20]] [[token-delay 40]]", "stream", true))) {
            slow.until(event -> "delta".equals(event.name()));
            edit(id, first, email, "first, edited").statusCode(201);
            slow.until(event -> "done".equals(event.name()) || "error".equals(event.name()));
        }
        List<String> seen = sentByModel(Api.post(id, email, "[[inspect]]").statusCode(201).extract().jsonPath());
        assertEquals(List.of("first, edited", "Echo: first, edited", "[[inspect]]"), seen,
                "the reply that ended on the other branch is not in this one's history");

        activate(id, first, email).statusCode(200).body("messages.text[2]", equalTo("slow [[tokens 20]] [[token-delay 40]]"))
                .body("messages[3].status", equalTo("complete"));
        assertEquals(List.of("first", "Echo: first", "slow [[tokens 20]] [[token-delay 40]]"),
                sentByModel(Api.post(id, email, "[[inspect]] back").statusCode(201).extract().jsonPath()).subList(0, 3));
    }

    @Test
    void aConversationStoredAsALineReadsAsItDidAndBecomesATreeWhenEdited() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        String lastReply = Api.read(id, email).extract().path("messages[3].id");
        Api.regenerate(id, lastReply, email).statusCode(201);
        storedAsALine(id);

        Api.read(id, email).statusCode(200).body("conversation", not(hasKey("activeLeafId")))
                .body("messages.text", equalTo(List.of("first", "Echo: first", "second", "Echo: second")))
                .body("messages[3].versions.size()", equalTo(1)).body("messages[3]", not(hasKey("versionCount")));
        Api.post(id, email, "third").statusCode(201);
        String second = Api.read(id, email).extract().path("messages[2].id");

        JsonPath edited = edit(id, second, email, "second, edited [[inspect]]").statusCode(201).extract().jsonPath();
        assertEquals(List.of("first", "Echo: first", "second, edited [[inspect]]"), sentByModel(edited));
        activate(id, second, email).statusCode(200)
                .body("messages.text", equalTo(List.of("first", "Echo: first", "second", "Echo: second", "third",
                        "Echo: third")))
                .body("messages[3].versionCount", equalTo(2));
    }

    @Test
    void onlyTheUsersOwnMessagesCanBeEdited() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        String reply = Api.read(id, email).extract().path("messages[1].id");
        edit(id, reply, email, "not mine to edit").statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("messageId"));
        edit(id, new ObjectId().toHexString(), email, "nothing there").statusCode(404)
                .body("code", equalTo("message_not_found"));
        edit(id, reply, email, " ").statusCode(400);
        Api.read(id, email).body("conversation.messageCount", equalTo(2));
    }

    /** Takes a conversation back to how it was stored before branches: a line whose messages name no parent. */
    private static void storedAsALine(String id) {
        Conversation.mongoCollection().updateOne(new Document("_id", new ObjectId(id)), new Document("$unset",
                new Document("tree", "").append("activeLeafId", "").append("branchEpoch", ""))).await().indefinitely();
        Message.mongoCollection().updateMany(new Document("conversationId", new ObjectId(id)),
                new Document("$unset", new Document("parentId", ""))).await().indefinitely();
    }

    private static ValidatableResponse edit(String id, String messageId, String email, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", text))
                .post("/conversations/{id}/messages/{m}/edit", id, messageId).then();
    }

    private static ValidatableResponse activate(String id, String messageId, String email) {
        return given().queryParam("user_email", email).contentType(ContentType.JSON)
                .post("/conversations/{id}/messages/{m}/activate", id, messageId).then();
    }

    /** The texts the model was sent after the system prompt, from the fake model's [[inspect]] reply of a turn. */
    private static List<String> sentByModel(JsonPath turn) {
        List<String> contents = JsonPath.from(turn.getString("messages[1].text")).getList("messages.content");
        return contents.subList(1, contents.size());
    }
}
