package dev.convo.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The flows whose bodies are read or written by reflection, against the packaged service: the jar in CI, and the
 * native executable wherever one is built ({@code ./mvnw verify -Dnative}), where every type that is serialized
 * outside a resource signature must be registered. Each body is checked field by field, for a native executable
 * that misses a registration answers {@code {}} or fails with a 500 where the JVM answers in full.
 */
@QuarkusIntegrationTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class PackagedFlowsIT {

    private static final String OBJECT_ID = "[0-9a-f]{24}";

    @Test
    void usersConversationsAndMessagesCarryTheirIdsAndFields() {
        String email = Api.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("name", "Ada", "email", email)).post("/users").then()
                .statusCode(201).body("user.id", matchesPattern(OBJECT_ID)).body("user.name", equalTo("Ada"))
                .body("user.createdAt", notNullValue());
        given().get("/users/{email}", email).then().statusCode(200).body("user.id", matchesPattern(OBJECT_ID));

        String id = Api.start(email, "Hello").statusCode(201).body("conversation.id", notNullValue())
                .body("conversation.userEmail", equalTo(email))
                .body("messages.id", everyItem(matchesPattern(OBJECT_ID)))
                .body("messages.text", contains("Hello", "Echo: Hello")).extract().path("conversation.id");
        Api.post(id, email, "Again").statusCode(201).body("messages.role", contains("user", "assistant"))
                .body("messages.id", everyItem(matchesPattern(OBJECT_ID)));

        Api.read(id, email).statusCode(200).body("conversation.id", equalTo(id)).body("messages", hasSize(4))
                .body("messages.conversationId", everyItem(equalTo(id)));
        given().get("/conversations/user/{email}", email).then().statusCode(200).body("user.id",
                matchesPattern(OBJECT_ID)).body("items.id", contains(id)).body("total", equalTo(1));
        // usage is recorded in the background, once each reply has ended
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/users/{email}/usage", email).then()
                .statusCode(200).body("email", equalTo(email)).body("total.replies", equalTo(2))
                .body("daily[0].day", notNullValue()));
    }

    @Test
    void aStreamedReplyArrivesInEventsAndIsStored() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Event> events = SseClient.turn(id, email, "Count [[tokens 4]]");
        assertEquals(List.of("message", "delta", "delta", "delta", "delta", "done"),
                events.stream().map(Event::name).toList());
        JsonPath started = events.get(0).json();
        String replyId = started.getString("assistantMessage.id");
        assertEquals("Count [[tokens 4]]", started.getString("userMessage.text"));
        String streamed = events.subList(1, 5).stream().map(event -> event.json().getString("text"))
                .collect(Collectors.joining());
        JsonPath done = events.get(5).json();
        assertEquals(replyId, done.getString("message.id"));
        assertEquals(streamed, done.getString("message.text"));
        assertEquals(streamed, Api.awaitFinished(id, email, replyId).getString("text"));
    }

    @Test
    void problemsHaveTheirWholeBody() {
        // from a resource (validation), from a mapper (not found), and from the Vert.x filters (written before any
        // resource runs): each must carry its fields, not an empty object
        given().contentType(ContentType.JSON).body(Map.of("name", "No e-mail")).post("/users").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("validation_failed"))
                .body("status", equalTo(400)).body("violations.field", contains("email"))
                .body("violations.message", everyItem(not(equalTo(""))));
        given().get("/users/{email}", Api.uniqueEmail()).then().statusCode(404).body("code", equalTo("user_not_found"))
                .body("title", notNullValue()).body("detail", notNullValue());
        given().contentType(ContentType.JSON).body("{\"name\":").post("/users").then().statusCode(400)
                .body("code", equalTo("malformed_json")).body("detail", notNullValue());
        given().contentType(ContentType.TEXT).body("hello").post("/users").then().statusCode(415)
                .body("code", equalTo("unsupported_media_type"));
        given().accept("image/png").get("/users/{email}", Api.uniqueEmail()).then().statusCode(406)
                .body(containsCode("not_acceptable"));
    }

    @Test
    void theWebClientIsOffInProductionUnlessSwitchedOn() {
        given().get("/").then().statusCode(404).body("code", equalTo("not_found"));
        given().get("/app/main.js").then().statusCode(404).body("code", equalTo("not_found"));
        given().get("/me").then().statusCode(200).body("authMode", equalTo("email"));
    }

    @Test
    void anIdempotentTurnIsAnsweredAgainFromItsRecord() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Map<String, Object> body = Map.of("user_email", email, "text", "Once");
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "packaged-1").body(body)
                .post("/conversations/{id}/messages", id).then().statusCode(201).extract().asString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", "packaged-1").body(body)
                .post("/conversations/{id}/messages", id).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body(equalTo(first));
        Api.read(id, email).body("messages", hasSize(4));
    }

    private static org.hamcrest.Matcher<String> containsCode(String code) {
        return org.hamcrest.Matchers.containsString("\"code\":\"" + code + "\"");
    }
}
