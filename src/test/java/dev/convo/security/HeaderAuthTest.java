package dev.convo.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(HeaderModeMatrixTest.HeaderMode.class)
class HeaderAuthTest {

    @Test
    void aUserEmailThatIsNotTheProxysIsForbidden() {
        String email = Api.uniqueEmail();
        given().header("X-Forwarded-Email", email).contentType("application/json")
                .body(Map.of("name", "A", "email", email)).post("/users").then().statusCode(201);
        given().header("X-Forwarded-Email", email).contentType("application/json")
                .body(Map.of("user_email", Api.uniqueEmail(), "first_message", "Hi")).post("/conversations")
                .then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void signingUpAnotherAddressThanTheProxysIsForbidden() {
        given().header("X-Forwarded-Email", Api.uniqueEmail()).contentType("application/json")
                .body(Map.of("name", "A", "email", Api.uniqueEmail())).post("/users").then().statusCode(403);
    }

    @Test
    void withoutTheProxysHeaderATurnIsUnauthorized() {
        given().contentType("application/json").body(Map.of("user_email", Api.uniqueEmail(), "first_message", "Hi"))
                .post("/conversations").then().statusCode(401).body("code", equalTo("unauthorized"));
    }
}
