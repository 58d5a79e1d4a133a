package dev.convo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.convo.contract.Contract;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What is stored is exactly what was sent and acknowledged, or the request is refused with a problem: no lenient
 * decoding of bytes, no ignored trailing text, no text MongoDB would store differently, no bare status.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class StrictInputTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private HttpResponse<String> post(String path, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return Contract.checked(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(publisher).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void anOverlongUtf8EncodingIsMalformedNotReadAsAnotherCharacter() throws Exception {
        String email = Api.newUser();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"user_email\":\"" + email + "\",\"first_message\":\"a").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAF }); // "/" encoded in two bytes, which UTF-8 forbids
        body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = post("/conversations", body.toByteArray(), false);
        assertEquals(400, answer.statusCode());
        assertEquals("malformed_json", new JsonObject(answer.body()).getString("code"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    @Test
    void aLoneSurrogateIsRefusedNamingItsField() {
        String email = Api.newUser();
        given().contentType("application/json").body("{\"user_email\":\"" + email + "\",\"first_message\":\"a\\ud800b\"}")
                .post("/conversations").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("first_message"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
        // a well-formed pair (an emoji) is of course accepted, and stored as sent
        String id = Api.start(email, "hi \uD83D\uDE00").statusCode(201).extract().path("conversation.id");
        Api.read(id, email).body("messages[0].text", equalTo("hi \uD83D\uDE00"));
    }

    @Test
    void textAfterTheJsonValueIsMalformed() {
        String email = Api.newUser();
        given().contentType("application/json")
                .body("{\"user_email\":\"" + email + "\",\"first_message\":\"Hello\"} {\"more\": 1}")
                .post("/conversations").then().statusCode(400).body("code", equalTo("malformed_json"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    @Test
    void aChunkedBodyOverTheLimitIsAProblem() throws Exception {
        byte[] huge = ("{\"name\":\"" + "x".repeat(1_100_000) + "\",\"email\":\"big@example.com\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = post("/users", huge, true);
        assertEquals(413, answer.statusCode());
        assertEquals("payload_too_large", new JsonObject(answer.body()).getString("code"));
    }

    @Test
    void anAcceptTheServiceCannotAnswerIsNotAcceptableAndNothingIsDone() {
        String email = Api.newUser();
        given().contentType("application/json").accept("application/xml")
                .body(Map.of("user_email", email, "first_message", "Hello")).post("/conversations").then()
                .statusCode(406).contentType("application/problem+json").body("code", equalTo("not_acceptable"));
        given().accept("text/html").get("/users/{e}", email).then().statusCode(406).body("code", equalTo("not_acceptable"));
        given().get("/conversations/user/{e}", email).then().body("total", equalTo(0));
    }

    @Test
    void aMalformedLastEventIdIsABadRequestNotAnEmptyStream() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String reply = Api.read(id, email).extract().path("messages[1].id");
        given().accept("text/event-stream").header("Last-Event-ID", "not-an-id").queryParam("user_email", email)
                .get("/conversations/{id}/messages/{m}/events", id, reply).then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("Last-Event-ID"));
    }

    @Test
    void aStreamedTurnNamingTwoUsersIsABadRequest() {
        String email = Api.newUser();
        String other = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType("application/json").accept("text/event-stream").queryParam("user_email", other)
                .body(Map.of("user_email", email, "text", "Whose?")).post("/conversations/{id}/messages", id).then()
                .statusCode(400).body("violations.field", hasItem("user_email"));
        Api.read(id, email).body("conversation.messageCount", equalTo(2));
    }
}
