package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(CorsTest.OneOrigin.class)
class CorsTest {

    /** One browser origin allowed. */
    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", "https://app.example.com");
        }
    }

    @Test
    void anAllowedOriginMayCallFromABrowserAndAnotherMayNot() {
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .options("/conversations").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example.com");
        given().header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "POST")
                .options("/conversations").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
