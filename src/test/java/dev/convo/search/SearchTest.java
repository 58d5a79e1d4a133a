package dev.convo.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Searching one's conversations: by title and text, regardless of case and accents, newest first, never another
 * user's or a deleted conversation, paged, and bounded.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class SearchTest {

    @Test
    void findsMessagesRegardlessOfCaseAndAccentsNewestConversationFirst() {
        String email = Api.newUser();
        String older = Api.startConversation(email, "A recipe please");
        Api.post(older, email, "How long does a Crème Brûlée bake?").statusCode(201);
        String newer = Api.startConversation(email, "Dessert ideas");
        Api.post(newer, email, "Something like creme brulee, but faster").statusCode(201);
        Api.startConversation(email, "Nothing to see");

        search(email, "CREME   brûlee").statusCode(200)
                .body("hits.conversation.id", contains(newer, older))
                .body("hits[0].field", equalTo("message"))
                .body("hits[0].messageId", notNullValue())
                .body("hits[0].snippet.text", equalTo("Echo: Something like creme brulee, but faster"))
                .body("hits[0].snippet.matchStart", equalTo(21))
                .body("hits[0].snippet.matchLength", equalTo(12))
                .body("hits[1].snippet.text", equalTo("Echo: How long does a Crème Brûlée bake?"))
                .body("partial", equalTo(false)).body("nextCursor", nullValue());
    }

    @Test
    void aTitleMatchIsTheConversationsHit() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Quarterly Report for Zürich");
        search(email, "zurich").body("hits", hasSize(1)).body("hits[0].conversation.id", equalTo(id))
                .body("hits[0].field", equalTo("title")).body("hits[0].snippet.text", equalTo("Quarterly Report for Zürich"));
    }

    @Test
    void anotherUsersAndDeletedConversationsNeverAppear() {
        String email = Api.newUser();
        String other = Api.newUser();
        Api.startConversation(other, "secret pineapple plans");
        String deleted = Api.startConversation(email, "my pineapple");
        Api.delete(deleted, email).statusCode(204);
        search(email, "pineapple").statusCode(200).body("hits", empty());
        search(other, "pineapple").body("hits", hasSize(1));
    }

    @Test
    void pagesGoOnByCursor() {
        String email = Api.newUser();
        for (int i = 0; i < 3; i++) {
            Api.startConversation(email, "kumquat number " + i);
        }
        String cursor = search(email, "kumquat", "limit", "2").body("hits", hasSize(2))
                .body("hits[0].snippet.text", equalTo("kumquat number 2")).body("partial", equalTo(false))
                .extract().path("nextCursor");
        given().queryParam("q", "kumquat").queryParam("cursor", cursor)
                .get("/conversations/user/{e}/search", email).then().statusCode(200)
                .body("hits.snippet.text", contains("kumquat number 0")).body("nextCursor", nullValue());
    }

    @Test
    void regularExpressionsInTheQueryAreTakenLiterally() {
        String email = Api.newUser();
        Api.startConversation(email, "plain words");
        search(email, ".*").body("hits", empty());
        search(email, "(a+)+$").body("hits", empty());
    }

    @Test
    void aQueryIsRequiredAndBounded() {
        String email = Api.newUser();
        search(email, "  ").statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("q"));
        given().get("/conversations/user/{e}/search", email).then().statusCode(400).body("code", equalTo("validation_failed"));
        search(email, "x".repeat(201)).statusCode(400).body("violations[0].field", equalTo("q"));
        search(email, "x", "limit", "0").statusCode(400).body("violations[0].field", equalTo("limit"));
        search(email, "x", "cursor", "nonsense").statusCode(400).body("violations[0].field", equalTo("cursor"));
    }

    private static ValidatableResponse search(String email, String q, String... params) {
        var request = given().queryParam("q", q);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/conversations/user/{e}/search", email).then();
    }
}
