package dev.convo.share;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Share links: a snapshot of the branch shown, readable by anyone with the token, with nothing personal in it;
 * listed and revoked by the owner, revoked with the conversation.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ShareTest {

    @Test
    void aSharedConversationShowsTheBranchAsItWasAndNothingPersonal() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello there");
        String token = share(id, email).statusCode(201)
                .body("share.token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("share.messageCount", equalTo(2)).body("share.title", equalTo("Hello there"))
                .extract().path("share.token");
        Api.post(id, email, "said after sharing").statusCode(201);

        String body = given().get("/shared/{t}", token).then().statusCode(200)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .body("title", equalTo("Hello there"))
                .body("messages.role", contains("user", "assistant"))
                .body("messages.text", contains("Hello there", "Echo: Hello there"))
                .body("messages[1].model", equalTo(FakeLlm.MODEL))
                .extract().asString();
        String userId = given().get("/users/{e}", email).then().extract().path("user.id");
        String replyId = Api.read(id, email).extract().path("messages[1].id");
        for (String secret : new String[] { email, userId, id, replyId, "promptTokens", "usage", "ownerEmail",
                "conversationId", "\"id\"" }) {
            assertFalse(body.contains(secret), () -> "the snapshot shows " + secret + ": " + body);
        }
    }

    @Test
    void tokensAreUnguessableAndTheOwnerListsAndRevokesThem() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(share(id, email).statusCode(201).extract().path("share.token"));
        }
        assertEquals(3, tokens.size());
        given().queryParam("user_email", email).get("/conversations/{id}/shares", id).then().statusCode(200)
                .body("shares", hasSize(3)).body("shares[0].path", matchesPattern("/shared/[A-Za-z0-9_-]{43}"));

        String revoked = tokens.iterator().next();
        given().queryParam("user_email", email).delete("/conversations/{id}/shares/{t}", id, revoked).then()
                .statusCode(204);
        given().get("/shared/{t}", revoked).then().statusCode(404).body("code", equalTo("share_not_found"));
        given().queryParam("user_email", email).delete("/conversations/{id}/shares/{t}", id, revoked).then()
                .statusCode(404).body("code", equalTo("share_not_found"));
        given().queryParam("user_email", email).get("/conversations/{id}/shares", id).then().body("shares", hasSize(2));
    }

    @Test
    void anUnknownOrMalformedTokenIsNotFound() {
        given().get("/shared/{t}", ShareLinks.newToken()).then().statusCode(404).body("code", equalTo("share_not_found"));
        given().get("/shared/{t}", "short").then().statusCode(404).body("code", equalTo("share_not_found"));
        given().get("/shared/{t}", "x".repeat(400)).then().statusCode(404).body("code", equalTo("share_not_found"));
    }

    @Test
    void deletingTheConversationRevokesItsLinksForGood() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        String token = share(id, email).extract().path("share.token");
        Api.delete(id, email).statusCode(204);
        given().get("/shared/{t}", token).then().statusCode(404).body("code", equalTo("share_not_found"));
        given().queryParam("user_email", email).contentType("application/json").post("/conversations/{id}/restore", id)
                .then().statusCode(200);
        given().get("/shared/{t}", token).then().statusCode(404);
        given().queryParam("user_email", email).get("/conversations/{id}/shares", id).then().body("shares", empty());
    }

    @Test
    void onlyTheOwnerShares() {
        String email = Api.newUser();
        String other = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        share(id, other).statusCode(403).body("code", equalTo("forbidden"));
        share("not-an-id", email).statusCode(404).body("code", equalTo("conversation_not_found"));
    }

    @Test
    void tokensComeFromASecureSourceWithoutRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ShareLinks.newToken()));
        }
    }

    private static ValidatableResponse share(String id, String email) {
        return given().queryParam("user_email", email).contentType("application/json")
                .post("/conversations/{id}/shares", id).then();
    }
}
