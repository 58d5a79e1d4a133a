package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class AdminListTest {

    private static final String ADMIN = "Bearer test-admin-token";

    @Test
    void theGlobalListNeedsABearerToken() {
        given().get("/conversations").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
    }

    @Test
    void theGlobalListRefusesAWrongToken() {
        given().header("Authorization", "Bearer guess").get("/conversations").then().statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void theAdminSeesEveryUsersConversationsNewestFirstInPages() {
        String alice = Api.newUser();
        String bob = Api.newUser();
        String first = Api.startConversation(alice, "one");
        String second = Api.startConversation(bob, "two");
        String third = Api.startConversation(alice, "three");
        long total = Conversation.countAll().await().indefinitely();
        given().header("Authorization", ADMIN).queryParam("limit", 2).get("/conversations").then().statusCode(200)
                .body("page", equalTo(1)).body("limit", equalTo(2)).body("total", equalTo((int) total))
                .body("hasMore", equalTo(true)).body("items.id", contains(third, second));
        given().header("Authorization", ADMIN).queryParam("limit", 2).queryParam("page", 2).get("/conversations").then()
                .statusCode(200).body("page", equalTo(2)).body("items[0].id", equalTo(first));
    }

    @Test
    void deletedConversationsAreNotInTheGlobalList() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "gone");
        Api.delete(id, email).statusCode(204);
        given().header("Authorization", ADMIN).queryParam("limit", 100).get("/conversations").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
    }

    @Test
    void theGlobalListDefaultsToTwentyAndRejectsBadPaging() {
        given().header("Authorization", ADMIN).get("/conversations").then().statusCode(200)
                .body("limit", equalTo(20)).body("page", equalTo(1));
        for (String limit : new String[] { "0", "-5", "101", "NaN" }) {
            given().header("Authorization", ADMIN).queryParam("limit", limit).get("/conversations").then()
                    .statusCode(400).body("violations.field", hasItem("limit"));
        }
        given().header("Authorization", ADMIN).queryParam("page", "0").get("/conversations").then()
                .statusCode(400).body("violations.field", hasItem("page"));
        given().header("Authorization", ADMIN).queryParam("page", 100000).get("/conversations").then()
                .statusCode(200).body("items", hasSize(0)).body("hasMore", equalTo(false));
    }
}
