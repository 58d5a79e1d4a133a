package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.hamcrest.Matchers;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConversationLifecycleTest {

    @Test
    void aDeletedConversationCanBeRestoredByItsOwner() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.delete(id, email).statusCode(204);
        restore(id, email).statusCode(200).body("conversation.id", equalTo(id));
        Api.read(id, email).statusCode(200).body("messages.text", Matchers.contains("Hello", "Echo: Hello"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(1));
    }

    @Test
    void restoringIsForTheOwnerOfADeletedConversation() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        restore(id, email).statusCode(409).body("code", equalTo("not_deleted"));
        Api.delete(id, email).statusCode(204);
        restore(id, Api.newUser()).statusCode(403).body("code", equalTo("forbidden"));
        restore("0123456789abcdef01234567", email).statusCode(404).body("code", equalTo("conversation_not_found"));
        restore(id, null).statusCode(400);
        Api.read(id, email).statusCode(404);
    }

    @Test
    void theOwnerCanRenameAConversation() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        rename(id, email, "  Trip to Lisbon  ").statusCode(200).body("conversation.title", equalTo("Trip to Lisbon"));
        Api.read(id, email).body("conversation.title", equalTo("Trip to Lisbon"));
    }

    @Test
    void renamingIsValidatedAndForTheOwnerOnly() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        rename(id, email, " ").statusCode(400).body("violations.field", hasItem("title"));
        rename(id, email, "t".repeat(201)).statusCode(400).body("violations.field", hasItem("title"));
        rename(id, Api.newUser(), "Mine now").statusCode(403).body("code", equalTo("forbidden"));
        Api.delete(id, email).statusCode(204);
        rename(id, email, "Gone").statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    private static ValidatableResponse restore(String id, String email) {
        RequestSpecification request = given();
        if (email != null) {
            request.queryParam("user_email", email);
        }
        return request.post("/conversations/{id}/restore", id).then();
    }

    private static ValidatableResponse rename(String id, String email, String title) {
        return given().contentType("application/json").body(Map.of("user_email", email, "title", title))
                .patch("/conversations/{id}", id).then();
    }
}
