package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.bson.types.ObjectId;

/**
 * Soft deletion: a deleted conversation disappears from the API, stays stored, and only its owner deletes it.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConversationDeletionTest {

    @Test
    void deletingHidesTheConversationButKeepsItStored() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.delete(id, email).statusCode(204);
        Api.read(id, email).statusCode(404).body("code", equalTo("conversation_not_found"));
        given().get("/conversations/user/{email}", email).then().statusCode(200).body("total", equalTo(0))
                .body("items", hasSize(0));
        assertEquals(1L, Conversation.count("_id = ?1 and state = ?2", new ObjectId(id), "DELETED")
                .await().indefinitely());
    }

    @Test
    void deletingAcceptsTheSeedsJsonBody() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email)).delete("/conversations/{id}", id)
                .then().statusCode(204);
        Api.read(id, email).statusCode(404);
    }

    @Test
    void deletingWithoutUserEmailIsABadRequest() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().delete("/conversations/{id}", id).then().statusCode(400).body("violations.field", hasItem("user_email"));
        Api.read(id, email).statusCode(200);
    }

    @Test
    void deletingAnotherUsersConversationIsForbiddenAndKeepsIt() {
        String owner = Api.newUser();
        String id = Api.startConversation(owner, "Hello");
        Api.delete(id, Api.uniqueEmail()).statusCode(403).body("code", equalTo("forbidden"));
        Api.read(id, owner).statusCode(200);
    }

    @Test
    void deletingAnUnknownOrAlreadyDeletedConversationIsNotFound() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.delete("0123456789abcdef01234567", email).statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.delete(id, email).statusCode(204);
        Api.delete(id, email).statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void aDeletedConversationCannotBePostedToEvenByItsOwner() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.delete(id, email).statusCode(204);
        Api.post(id, email, "Still there?").statusCode(404).body("code", equalTo("conversation_not_found"));
        Api.post(id, Api.uniqueEmail(), "Still there?").statusCode(404);
        assertEquals(2L, Message.count("conversationId", new ObjectId(id)).await().indefinitely());
    }
}
