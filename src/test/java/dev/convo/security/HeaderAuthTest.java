package dev.convo.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.junit.jupiter.api.Test;

import dev.convo.contract.Contract;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(HeaderMode.class)
class HeaderAuthTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

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
    void aTurnWhoseBodyIsNotDeclaredJsonIsRefusedSoNoOtherSiteCanPostIt() throws Exception {
        String email = signUp();
        String body = "{\"first_message\":\"Posted by another site\"}";
        for (String type : new String[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", null }) {
            HttpResponse<String> answer = send("/conversations", email, type, body);
            assertEquals(415, answer.statusCode(), String.valueOf(type));
            assertTrue(answer.body().contains("unsupported_media_type"), answer.body());
        }
        given().header("X-Forwarded-Email", email).get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    @Test
    void aBodilessWriteDeclaredAsAFormIsRefusedAndOneDeclaringNothingIsNot() throws Exception {
        String email = signUp();
        String id = given().header("X-Forwarded-Email", email).contentType("application/json")
                .body(Map.of("first_message", "Hi")).post("/conversations").then().statusCode(201).extract()
                .path("conversation.id");
        given().header("X-Forwarded-Email", email).delete("/conversations/{id}", id).then().statusCode(204);
        assertEquals(415, send("/conversations/" + id + "/restore", email, "application/x-www-form-urlencoded", null)
                .statusCode());
        assertEquals(200, send("/conversations/" + id + "/restore", email, null, null).statusCode());
    }

    private static String signUp() {
        String email = Api.uniqueEmail();
        given().header("X-Forwarded-Email", email).contentType("application/json")
                .body(Map.of("name", "A", "email", email)).post("/users").then().statusCode(201);
        return email;
    }

    /** A POST exactly as given: no Content-Type unless {@code type}, no body unless {@code body}. */
    private HttpResponse<String> send(String path, String email, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Forwarded-Email", email)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return Contract.checked(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void withoutTheProxysHeaderATurnIsUnauthorized() {
        given().contentType("application/json").body(Map.of("user_email", Api.uniqueEmail(), "first_message", "Hi"))
                .post("/conversations").then().statusCode(401).body("code", equalTo("unauthorized"));
    }
}
