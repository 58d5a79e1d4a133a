package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class RegenerateAndAccessTest {

    @Test
    void regeneratingKeepsBothVersionsAndTheModelSeesOnlyTheLatest() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String first = Api.read(id, email).extract().path("messages[1].id");
        String second = Api.regenerate(id, first, email).statusCode(201)
                .body("messages[0].text", equalTo("Hello"))
                .body("messages[1].seq", equalTo(3))
                .body("messages[1].version", equalTo(2))
                .body("messages[1].status", equalTo("complete"))
                .extract().path("messages[1].id");
        Api.read(id, email).statusCode(200)
                .body("messages.id", contains(Api.read(id, email).extract().path("messages[0].id"), second))
                .body("messages[1].versions", hasSize(1))
                .body("messages[1].versions[0].id", equalTo(first))
                .body("messages[1].versions[0].version", equalTo(1));
        String reply = Api.post(id, email, "Next [[inspect]]").statusCode(201).extract().path("messages[1].text");
        assertEquals(List.of("system", "user", "assistant", "user"), JsonPath.from(reply).getList("messages.role"));
    }

    @Test
    void aReplyCanBeRegeneratedAsAStream() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi [[tokens 3]]");
        String first = Api.read(id, email).extract().path("messages[1].id");
        List<Event> events;
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages/" + first + "/regenerate",
                Map.of("user_email", email))) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        assertEquals("done", events.get(events.size() - 1).name());
        assertEquals(2, events.get(events.size() - 1).json().getInt("message.version"));
        Api.read(id, email).body("messages", hasSize(2)).body("messages[1].text", equalTo("w1 w2 w3"))
                .body("messages[1].versions[0].id", equalTo(first));
    }

    @Test
    void anEarlierReplyGetsANewVersionOnItsOwnBranchAndOnlyRepliesCanBeRegenerated() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String first = Api.read(id, email).extract().path("messages[1].id");
        String userMessage = Api.read(id, email).extract().path("messages[0].id");
        Api.post(id, email, "More").statusCode(201);
        Api.regenerate(id, first, email).statusCode(201);
        Api.read(id, email).body("messages", hasSize(2)).body("messages[1].versionIds[0]", equalTo(first));
        Api.regenerate(id, userMessage, email).statusCode(409).body("code", equalTo("not_last_reply"));
        Api.regenerate(id, "0123456789abcdef01234567", email).statusCode(404).body("code", equalTo("message_not_found"));
    }

    @Test
    void anotherUserIsForbiddenOnEveryStreamingRoute() {
        String owner = Api.newUser();
        String other = Api.newUser();
        String id = Api.startConversation(owner, "Hello");
        String reply = Api.read(id, owner).extract().path("messages[1].id");
        given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("user_email", other, "text", "hi")).post("/conversations/{id}/messages", id)
                .then().statusCode(403).body("code", equalTo("forbidden"));
        given().contentType("application/json").body(Map.of("user_email", other, "text", "hi", "stream", true))
                .post("/conversations/{id}/messages", id).then().statusCode(403).body("code", equalTo("forbidden"));
        given().queryParam("user_email", other).accept("text/event-stream")
                .get("/conversations/{id}/messages/{m}/events", id, reply).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().queryParam("user_email", other).post("/conversations/{id}/messages/{m}/stop", id, reply)
                .then().statusCode(403).body("code", equalTo("forbidden"));
        Api.regenerate(id, reply, other).statusCode(403).body("code", equalTo("forbidden"));
        given().contentType("application/json").accept("text/event-stream").body(Map.of("user_email", other))
                .post("/conversations/{id}/messages/{m}/regenerate", id, reply).then().statusCode(403);
        Api.read(id, owner).body("messages", hasSize(2)).body("messages[1].version", equalTo(1));
    }

    @Test
    void aDeletedConversationIsNotFoundOnEveryStreamingRoute() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String reply = Api.read(id, email).extract().path("messages[1].id");
        Api.delete(id, email).statusCode(204);
        given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("user_email", email, "text", "hi")).post("/conversations/{id}/messages", id)
                .then().statusCode(404).body("code", equalTo("conversation_not_found"));
        given().queryParam("user_email", email).accept("text/event-stream")
                .get("/conversations/{id}/messages/{m}/events", id, reply).then().statusCode(404);
        given().queryParam("user_email", email).post("/conversations/{id}/messages/{m}/stop", id, reply)
                .then().statusCode(404);
        Api.regenerate(id, reply, email).statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void aStreamedStartForAnUnknownUserIsNotFound() {
        given().contentType("application/json").accept("text/event-stream")
                .body(Map.of("user_email", Api.uniqueEmail(), "first_message", "hi")).post("/conversations")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("user_not_found"));
    }
}
