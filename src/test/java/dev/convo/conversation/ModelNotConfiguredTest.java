package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@TestProfile(ModelNotConfiguredTest.NoKey.class)
class ModelNotConfiguredTest {

    /** The HuggingFace router without an API key. */
    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llm.api-key", "");
        }
    }

    @Test
    void withoutAKeyATurnIsRefusedBeforeAnythingIsStored() {
        String email = Api.newUser();
        Api.start(email, "Hello").statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("llm_not_configured"));
        given().get("/conversations/user/{email}", email).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void usersCanStillSignUpAndReadWithoutAModel() {
        String email = Api.newUser();
        given().get("/users/{email}", email).then().statusCode(200);
    }
}
