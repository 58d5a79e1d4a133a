package dev.convo.security;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.convo.testing.Api;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * Every route, called as the owner, as another user, anonymously and as an administrator: the ownership matrix.
 * Each identity mode runs it with its own way of presenting who calls.
 */
abstract class OwnershipMatrix {

    /** The four kinds of caller. */
    enum Who {
        OWNER,
        OTHER,
        ANONYMOUS,
        ADMIN
    }

    /** What a route needs: the owner's conversation, its first reply and message, and a link it is shared by. */
    record Fixture(String owner, String conversationId, String replyId, String userMessageId, String shareToken) {
    }

    /** A request with the caller's credentials, and the user_email the caller names (null: none). */
    record As(RequestSpecification spec, String userEmail) {
        Map<String, Object> body(Map<String, Object> fields) {
            HashMap<String, Object> body = new HashMap<>(fields);
            if (userEmail != null) {
                body.put("user_email", userEmail);
            }
            return body;
        }

        RequestSpecification query() {
            return userEmail == null ? spec : spec.queryParam("user_email", userEmail);
        }
    }

    /** The request of a route, as caller {@code as}, on the fixture. */
    interface Route extends BiFunction<As, Fixture, Response> {
    }

    /** How this mode presents {@code who}; {@code owner} and {@code other} are e-mail addresses of real users. */
    abstract As as(Who who, String owner, String other);

    /** Expected statuses for OWNER, OTHER, ANONYMOUS, ADMIN, by route name. */
    abstract Map<String, List<Integer>> expected();

    static final Map<String, Route> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("POST /users", (as, f) -> as.spec.contentType("application/json")
                .body(Map.of("name", "New", "email", Api.uniqueEmail())).post("/users"));
        ROUTES.put("GET /users/{email}", (as, f) -> as.spec.get("/users/{e}", f.owner()));
        ROUTES.put("GET /users/{email}/usage", (as, f) -> as.spec.get("/users/{e}/usage", f.owner()));
        ROUTES.put("POST /conversations", (as, f) -> as.spec.contentType("application/json")
                .body(as.body(Map.of("first_message", "hi"))).post("/conversations"));
        ROUTES.put("GET /conversations/user/{email}", (as, f) -> as.spec.get("/conversations/user/{e}", f.owner()));
        ROUTES.put("GET /conversations", (as, f) -> as.spec.get("/conversations"));
        ROUTES.put("GET /conversations/{id}", (as, f) -> as.query().get("/conversations/{id}", f.conversationId()));
        ROUTES.put("POST /conversations/{id}/messages", (as, f) -> as.spec.contentType("application/json")
                .body(as.body(Map.of("text", "hi"))).post("/conversations/{id}/messages", f.conversationId()));
        ROUTES.put("POST /conversations/{id}/messages (stream)", (as, f) -> as.spec.contentType("application/json")
                .accept("text/event-stream").body(as.body(Map.of("text", "hi")))
                .post("/conversations/{id}/messages", f.conversationId()));
        ROUTES.put("GET .../events", (as, f) -> as.query().accept("text/event-stream")
                .get("/conversations/{id}/messages/{m}/events", f.conversationId(), f.replyId()));
        // bodiless, but declared JSON: RestAssured would otherwise declare a form, which header mode refuses
        ROUTES.put("POST .../stop", (as, f) -> as.query().contentType("application/json")
                .post("/conversations/{id}/messages/{m}/stop", f.conversationId(), f.replyId()));
        ROUTES.put("POST .../regenerate", (as, f) -> as.spec.contentType("application/json").body(as.body(Map.of()))
                .post("/conversations/{id}/messages/{m}/regenerate", f.conversationId(), f.replyId()));
        ROUTES.put("PATCH /conversations/{id}", (as, f) -> as.spec.contentType("application/json")
                .body(as.body(Map.of("title", "Renamed"))).patch("/conversations/{id}", f.conversationId()));
        ROUTES.put("POST /conversations/{id}/restore", (as, f) -> as.query().contentType("application/json")
                .post("/conversations/{id}/restore", f.conversationId()));
        ROUTES.put("POST .../edit", (as, f) -> as.spec.contentType("application/json")
                .body(as.body(Map.of("text", "edited"))).post("/conversations/{id}/messages/{m}/edit",
                        f.conversationId(), f.userMessageId()));
        ROUTES.put("POST .../activate", (as, f) -> as.query().contentType("application/json")
                .post("/conversations/{id}/messages/{m}/activate", f.conversationId(), f.userMessageId()));
        ROUTES.put("PUT .../feedback", (as, f) -> as.spec.contentType("application/json")
                .body(as.body(Map.of("rating", "up"))).put("/conversations/{id}/messages/{m}/feedback",
                        f.conversationId(), f.replyId()));
        ROUTES.put("DELETE .../feedback", (as, f) -> as.query()
                .delete("/conversations/{id}/messages/{m}/feedback", f.conversationId(), f.replyId()));
        ROUTES.put("GET /feedback", (as, f) -> as.spec.get("/feedback"));
        ROUTES.put("GET /feedback/export", (as, f) -> as.spec.accept("application/x-ndjson").get("/feedback/export"));
        ROUTES.put("GET /models", (as, f) -> as.spec.get("/models"));
        ROUTES.put("GET /conversations/user/{email}/search", (as, f) -> as.spec.queryParam("q", "hello")
                .get("/conversations/user/{e}/search", f.owner()));
        ROUTES.put("POST /conversations/{id}/shares", (as, f) -> as.query().contentType("application/json")
                .post("/conversations/{id}/shares", f.conversationId()));
        ROUTES.put("GET /conversations/{id}/shares", (as, f) -> as.query().get("/conversations/{id}/shares", f.conversationId()));
        ROUTES.put("DELETE /conversations/{id}/shares/{token}", (as, f) -> as.query()
                .delete("/conversations/{id}/shares/{t}", f.conversationId(), f.shareToken()));
        ROUTES.put("GET /shared/{token}", (as, f) -> as.spec.get("/shared/{t}", f.shareToken()));
        ROUTES.put("GET /users/{email}/export", (as, f) -> as.spec.get("/users/{e}/export", f.owner()));
        ROUTES.put("GET /conversations/{id}/export", (as, f) -> as.query().get("/conversations/{id}/export", f.conversationId()));
        ROUTES.put("POST /users/{email}/import", (as, f) -> as.spec.contentType("application/json").body("[]")
                .post("/users/{e}/import", f.owner()));
        ROUTES.put("DELETE /conversations/{id}", (as, f) -> as.query().delete("/conversations/{id}", f.conversationId()));
        ROUTES.put("DELETE /users/{email}", (as, f) -> as.spec.delete("/users/{e}", f.owner()));
    }

    static Stream<Arguments> cases() {
        return ROUTES.keySet().stream().flatMap(route -> Stream.of(Who.values()).map(who -> Arguments.of(route, who)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void everyRouteAnswersEveryKindOfCallerAsItShould(String route, Who who) {
        String owner = signUp();
        String other = signUp();
        Fixture fixture = fixture(owner);
        int expected = expected().get(route).get(who.ordinal());
        Response response = ROUTES.get(route).apply(as(who, owner, other), fixture);
        response.then().statusCode(expected);
        if (expected >= 400) {
            response.then().contentType("application/problem+json");
        }
    }

    /** A new user, signed up as themselves. */
    String signUp() {
        String email = Api.uniqueEmail();
        as(Who.OWNER, email, email).spec().contentType("application/json")
                .body(Map.of("name", "Test", "email", email)).post("/users").then().statusCode(201);
        return email;
    }

    Fixture fixture(String owner) {
        As asOwner = as(Who.OWNER, owner, owner);
        String id = asOwner.spec().contentType("application/json")
                .body(asOwner.body(Map.of("first_message", "Hello"))).post("/conversations")
                .then().statusCode(201).extract().path("conversation.id");
        io.restassured.path.json.JsonPath read = as(Who.OWNER, owner, owner).query().get("/conversations/{id}", id)
                .then().statusCode(200).extract().jsonPath();
        String token = as(Who.OWNER, owner, owner).query().contentType("application/json")
                .post("/conversations/{id}/shares", id).then().statusCode(201).extract().path("share.token");
        return new Fixture(owner, id, read.getString("messages[1].id"), read.getString("messages[0].id"), token);
    }

    static RequestSpecification request() {
        return given();
    }
}
