package dev.convo.turn;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The history a turn sends to the model comes with the conversation it reserves (kept there as replies end) and is
 * always what the stored messages say the model should see: in order of their numbers however the turns ended, as
 * long as configured (20 here), and read from the messages where the conversation does not hold it.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConversationHistoryTest {

    private static final int HISTORY = 20;

    @Test
    void afterConcurrentTurnsTheModelSeesTheNewestStoredMessagesInOrder() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        IntStream.range(0, 12).parallel().forEach(i -> Api.post(id, email, "turn " + i).statusCode(201));

        List<String> seen = sentByModel(Api.post(id, email, "last [[inspect]]").statusCode(201));

        List<String> stored = shownToModel(id); // 26 messages, the last turn's included
        assertEquals(stored.subList(stored.size() - 2 - (HISTORY - 1), stored.size() - 1), seen,
                "the newest stored messages in order, ending with the new one");
        assertEquals(stored.subList(stored.size() - HISTORY, stored.size()), kept(id),
                "the conversation keeps the newest messages, the last turn's included");
    }

    @Test
    void aConversationStoredBeforeItKeptItsHistoryIsAnsweredFromItsMessages() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        update(id, new Document("$unset", new Document("recent", "")));

        List<String> seen = sentByModel(Api.post(id, email, "third [[inspect]]").statusCode(201));

        assertEquals(List.of("first", "Echo: first", "second", "Echo: second", "third [[inspect]]"), seen);
        assertFalse(conversation(id).containsKey("recent"), "left as it was stored");
    }

    @Test
    void aNewVersionWhoseQuestionTheConversationLostReadsItFromTheMessages() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "Question [[inspect]]").statusCode(201);
        String replyId = Api.read(id, email).extract().path("messages[-1].id");
        update(id, new Document("$set", new Document("recent", List.of())));

        JsonPath regenerated = JsonPath.from(Api.regenerate(id, replyId, email).statusCode(201).extract().asString());

        assertEquals(List.of("first", "Echo: first", "Question [[inspect]]"),
                sentByModel(regenerated.getString("messages[1].text")));
        assertEquals(List.of("Question [[inspect]]", regenerated.getString("messages[1].text")), kept(id),
                "the question joins the conversation's history again, with its new answer");
    }

    @Test
    void aNewVersionReplacesThePreviousOneInTheHistory() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        String replyId = Api.read(id, email).extract().path("messages[1].id");
        Api.regenerate(id, replyId, email).statusCode(201);

        List<String> seen = sentByModel(Api.post(id, email, "next [[inspect]]").statusCode(201));

        assertEquals(List.of("first", "Echo: first", "next [[inspect]]"), seen);
        assertEquals(List.of("first", "Echo: first", "next [[inspect]]"), kept(id).subList(0, 3));
        assertEquals(4, kept(id).size(), "the first message, its newest version, the next one and its reply");
    }

    @Test
    void aNewVersionOfALaterReplyIsAnsweredWithTheHistoryUpToItsQuestion() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        Api.post(id, email, "second").statusCode(201);
        Api.post(id, email, "third [[inspect]]").statusCode(201);
        String replyId = Api.read(id, email).extract().path("messages[-1].id");

        JsonPath regenerated = JsonPath.from(Api.regenerate(id, replyId, email).statusCode(201).extract().asString());

        assertEquals(List.of("first", "Echo: first", "second", "Echo: second", "third [[inspect]]"),
                sentByModel(regenerated.getString("messages[1].text")));
        assertEquals(regenerated.getString("messages[0].id"), Api.read(id, email).extract().path("messages[-2].id"),
                "the new version answers the same question");
    }

    @Test
    void aConversationStoredBeforeSettingsIsReadContinuedRegeneratedAndGivenSettings() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "first");
        // as stored before settings and the kept history existed
        update(id, new Document("$unset", new Document("recent", "").append("settings", "")));
        Message.mongoCollection().updateMany(new Document("conversationId", new ObjectId(id)),
                new Document("$unset", new Document("settings", ""))).await().indefinitely();

        Api.read(id, email).statusCode(200).body("conversation.settings.model", equalTo(FakeLlm.MODEL))
                .body("messages[1]", not(hasKey("settings")));
        Api.post(id, email, "second").statusCode(201).body("messages[1].settings.model", equalTo(FakeLlm.MODEL));
        String replyId = Api.read(id, email).extract().path("messages[-1].id");
        Api.regenerate(id, replyId, email).statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("user_email", email, "temperature", 0.7))
                .patch("/conversations/{id}", id).then().statusCode(200)
                .body("conversation.settings.temperature", equalTo(0.7f));
        String inspected = Api.post(id, email, "third [[inspect]]").statusCode(201).extract().path("messages[1].text");
        assertEquals(List.of("first", "Echo: first", "second", "Echo: second", "third [[inspect]]"),
                sentByModel(inspected));
        assertEquals(0.7f, JsonPath.from(inspected).getFloat("temperature"));
    }

    /** The texts the model was sent after the system prompt, from the fake model's [[inspect]] reply. */
    private static List<String> sentByModel(ValidatableResponse turn) {
        return sentByModel(turn.extract().<String> path("messages[1].text"));
    }

    private static List<String> sentByModel(String inspected) {
        List<String> contents = JsonPath.from(inspected).getList("messages.content");
        return contents.subList(1, contents.size());
    }

    /** The texts of the stored messages the model is to see (seen by the user, not replaced), in order. */
    private static List<String> shownToModel(String id) {
        return Message.mongoCollection().find(new Document("conversationId", new ObjectId(id)),
                Document.class).collect().asList().await().indefinitely().stream()
                .filter(message -> List.of("COMPLETE", "STOPPED").contains(message.getString("status"))
                        && message.get("supersededAt") == null)
                .sorted((a, b) -> Long.compare(a.getLong("seq"), b.getLong("seq")))
                .map(message -> message.getString("text")).toList();
    }

    /** The texts of the history the conversation holds, in its order. */
    private static List<String> kept(String id) {
        return conversation(id).getList("recent", Document.class).stream().map(entry -> entry.getString("text"))
                .toList();
    }

    private static Document conversation(String id) {
        return Conversation.mongoCollection().find(new Document("_id", new ObjectId(id)), Document.class).collect()
                .first().await().indefinitely();
    }

    private static void update(String id, Document update) {
        Conversation.mongoCollection().updateOne(new Document("_id", new ObjectId(id)), update).await().indefinitely();
    }
}
