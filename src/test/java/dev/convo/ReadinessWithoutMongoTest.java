package dev.convo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.ClosedPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ReadinessWithoutMongoTest.MongoDown.class)
class ReadinessWithoutMongoTest {

    /** MongoDB at an address where nothing answers. */
    public static class MongoDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + ClosedPort.find(),
                    "quarkus.mongodb.server-selection-timeout", "500ms");
        }
    }

    @Test
    void theServiceIsLiveButNotReadyWithoutMongoDb() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    @Test
    void requestsNeedingTheDatabaseAreUnavailableNotFailed() {
        given().get("/users/{email}", Api.uniqueEmail()).then().statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("database_unavailable"));
    }
}
