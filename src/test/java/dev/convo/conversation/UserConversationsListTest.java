package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A user's list of conversations: most recently active first, paged, their own only.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class UserConversationsListTest {

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
        String email = Api.newUser();
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
        String email = Api.newUser();
        given().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/conversations/user/{email}", email).then()
                .statusCode(400).body("violations.field", hasItem("cursor"));
    }

    @Test
    void otherUsersConversationsAreNotInAUsersList() {
        String email = Api.newUser();
        String other = Api.newUser();
        String mine = Api.startConversation(email, "mine");
        String theirs = Api.startConversation(other, "theirs");
        given().get("/conversations/user/{email}", email).then().statusCode(200)
                .body("items.id", contains(mine)).body("items.id", not(hasItem(theirs)));
    }
}
