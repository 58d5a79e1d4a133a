package dev.convo.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A search stops at its cap on scanned messages and says so: a partial page, and a cursor that goes on.
 */
@QuarkusTest
@TestProfile(SearchBoundsTest.SmallScans.class)
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class SearchBoundsTest {

    public static class SmallScans implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.search.max-scanned", "4");
        }
    }

    @Test
    void aSearchStopsAtItsScanCapAndGoesOnByCursor() {
        String email = Api.newUser();
        String wanted = Api.startConversation(email, "where is the marmalade");
        Api.startConversation(email, "one");
        Api.startConversation(email, "two");
        Api.startConversation(email, "three");

        String cursor = given().queryParam("q", "marmalade").get("/conversations/user/{e}/search", email).then()
                .statusCode(200).body("hits", empty()).body("partial", equalTo(true)).body("scanned", equalTo(4))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().queryParam("q", "marmalade").queryParam("cursor", cursor).get("/conversations/user/{e}/search", email)
                .then().statusCode(200).body("hits.conversation.id", contains(wanted)).body("partial", equalTo(false))
                .body("scanned", equalTo(4)).body("nextCursor", nullValue());
    }
}
