package dev.convo.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;

/**
 * The calls tests make over and over, through the real HTTP API.
 */
public final class Api {

    private Api() {
    }

    /** An e-mail address no other test uses. */
    public static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs up a user no other test uses; returns the e-mail address. */
    public static String newUser() {
        String email = uniqueEmail();
        createUser(email);
        return email;
    }

    public static String createUser(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("name", "Test User", "email", email))
                .post("/users").then().statusCode(201).extract().path("user.id");
    }

    /** Creates a user and a conversation of theirs; returns the conversation id. */
    public static String startConversation(String email, String firstMessage) {
        return start(email, firstMessage).statusCode(201).extract().path("conversation.id");
    }

    public static ValidatableResponse start(String email, String firstMessage) {
        return given().contentType(ContentType.JSON).body(Map.of("user_email", email, "first_message", firstMessage))
                .post("/conversations").then();
    }

    public static ValidatableResponse post(String conversationId, String email, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", text))
                .post("/conversations/{id}/messages", conversationId).then();
    }

    public static ValidatableResponse regenerate(String conversationId, String messageId, String email) {
        return given().contentType(ContentType.JSON).body(Map.of("user_email", email))
                .post("/conversations/{id}/messages/{m}/regenerate", conversationId, messageId).then();
    }

    public static ValidatableResponse read(String conversationId, String email) {
        return given().queryParam("user_email", email).get("/conversations/{id}", conversationId).then();
    }

    public static ValidatableResponse delete(String conversationId, String email) {
        return given().queryParam("user_email", email).delete("/conversations/{id}", conversationId).then();
    }

    /** The stored reply once it is no longer streaming (the test waits on the database, not on a clock). */
    public static JsonPath awaitFinished(String id, String email, String replyId) {
        Map<String, Object> reply = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(id, email).statusCode(200).extract().jsonPath().getList("messages", Map.class)
                        .stream().filter(message -> replyId.equals(message.get("id"))).findFirst().orElseThrow(),
                        message -> !"streaming".equals(message.get("status")));
        return JsonPath.from(new JsonObject(reply).encode());
    }
}
