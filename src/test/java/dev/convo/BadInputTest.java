package dev.convo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.user.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Malformed requests of every kind get a 4xx problem body with a code, never a 500, and write nothing.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class BadInputTest {

    private static String email;
    private static String conversationId;

    @BeforeEach
    void oneUserWithOneConversation() {
        if (conversationId == null) {
            email = Api.newUser();
            conversationId = Api.startConversation(email, "Hello");
        }
    }

    static Stream<Arguments> badRequests() {
        String huge = "{\"user_email\":\"a@b.co\",\"text\":\"" + "x".repeat(1_100_000) + "\"}";
        return Stream.of(
                bad("POST", "/users", "{\"name\":\"A\",", 400, "malformed_json"),
                bad("POST", "/users", "not json", 400, "malformed_json"),
                bad("POST", "/users", "", 400, "validation_failed"),
                bad("POST", "/users", "[]", 400, "validation_failed"),
                bad("POST", "/users", "\"a string\"", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":\"A\",\"email\":{\"$ne\":null}}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":\"A\",\"email\":123}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":[\"A\"],\"email\":\"new@example.com\"}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":true,\"email\":\"new@example.com\"}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":\"A\",\"email\":\"new@example.com\",\"admin\":true}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":\"A\",\"email\":\"a@b\"}", 400, "validation_failed"),
                // the Kelvin sign lower-cases into an ASCII k: another user's address
                bad("POST", "/users", "{\"name\":\"A\",\"email\":\"\u212Aelvin@example.com\"}", 400, "validation_failed"),
                bad("POST", "/users", "{\"name\":\"" + "n".repeat(201) + "\",\"email\":\"new@example.com\"}", 400, "validation_failed"),
                bad("POST", "/users", huge, 413, "payload_too_large"),
                bad("POST", "/conversations", "{\"user_email\":{\"$gt\":\"\"},\"first_message\":\"Hi\"}", 400, "validation_failed"),
                bad("POST", "/conversations", "{\"user_email\":\"EMAIL\",\"first_message\":42}", 400, "validation_failed"),
                bad("POST", "/conversations", "{\"user_email\":\"EMAIL\",\"first_message\":\"\"}", 400, "validation_failed"),
                bad("POST", "/conversations", "{\"user_email\":\"EMAIL\",\"first_message\":\"" + "y".repeat(32_001) + "\"}", 400, "validation_failed"),
                bad("POST", "/conversations", "{\"user_email\":\"EMAIL\"", 400, "malformed_json"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\",\"text\":{\"$where\":\"1\"}}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\",\"text\":[\"a\"]}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\",\"text\":null}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\"}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"text\":\"hi\"}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\",\"text\":\"hi\",\"role\":\"system\"}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", "{\"user_email\":\"EMAIL\",\"text\":\"" + "z".repeat(32_001) + "\"}", 400, "validation_failed"),
                bad("POST", "/conversations/ID/messages", huge, 413, "payload_too_large"),
                bad("POST", "/conversations/not-an-id/messages", "{\"user_email\":\"EMAIL\",\"text\":\"hi\"}", 404, "conversation_not_found"),
                bad("GET", "/conversations/ID?user_email=not-an-email", null, 400, "validation_failed"),
                bad("GET", "/conversations/ID?user_email=EMAIL&limit=0", null, 400, "validation_failed"),
                bad("GET", "/conversations/ID?user_email=EMAIL&limit=-3", null, 400, "validation_failed"),
                bad("GET", "/conversations/ID?user_email=EMAIL&limit=NaN", null, 400, "validation_failed"),
                bad("GET", "/conversations/ID?user_email=EMAIL&cursor=%24%24", null, 400, "validation_failed"),
                bad("GET", "/conversations/user/EMAIL?limit=many", null, 400, "validation_failed"),
                bad("GET", "/conversations/user/not-an-email", null, 400, "validation_failed"),
                bad("GET", "/conversations/0123456789abcdef0123456z?user_email=EMAIL", null, 404, "conversation_not_found"),
                bad("DELETE", "/conversations/ID", "{\"user_email\":42}", 400, "validation_failed"),
                bad("DELETE", "/conversations/ID", "{\"user_email\":\"EMAIL\",\"force\":true}", 400, "validation_failed"),
                bad("DELETE", "/conversations/ID?user_email=%20", null, 400, "validation_failed"),
                bad("PUT", "/conversations/ID", "{}", 405, "method_not_allowed"),
                bad("GET", "/no/such/route", null, 404, "not_found"));
    }

    private static Arguments bad(String method, String path, String body, int status, String code) {
        return Arguments.of(method, path, body, status, code);
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @MethodSource("badRequests")
    void aBadRequestIsAProblemAndWritesNothing(String method, String path, String body, int status, String code) {
        long[] before = counts();
        RequestSpecification request = given().urlEncodingEnabled(false).contentType("application/json");
        if (body != null) {
            request.body(body.replace("EMAIL", email));
        }
        request.request(method, path.replace("ID", conversationId).replace("EMAIL", email))
                .then().statusCode(status).statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500))
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("title", notNullValue());
        assertEquals(List.of(before[0], before[1], before[2]), List.of(counts()[0], counts()[1], counts()[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedBodies")
    void aBodyThatIsNotJsonIsRefused(String contentType) {
        given().contentType(contentType).body("user_email=x").post("/users")
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("unsupported_media_type"));
    }

    static Stream<String> unsupportedBodies() {
        return Stream.of("text/plain", "application/x-www-form-urlencoded", "application/xml");
    }

    private static long[] counts() {
        return new long[] { User.count().await().indefinitely(), Conversation.count().await().indefinitely(),
                Message.count().await().indefinitely() };
    }
}
