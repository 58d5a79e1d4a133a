package dev.convo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.user.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.restassured.specification.RequestSpecification;

/**
 * Hundreds of malformed requests across every route: wrong types, operator objects, huge strings, invalid UTF-8,
 * unknown fields, bad ids, paging values and tokens. Each must be a 4xx problem with a code; none may be a 500;
 * and the database must be exactly as it was once the whole corpus has run.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class BadInputCorpusTest {

    /** One request of the corpus. */
    record Bad(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " " + (shown.length() > 120 ? shown.substring(0, 120) + "..." : shown);
        }
    }

    private static final List<Object> WRONG_VALUES = List.of(123, 4.5, true, List.of("a"), Map.of(),
            Map.of("$gt", ""), Map.of("$ne", ""), Map.of("$where", "sleep(1000)"), "x".repeat(100_000), -1, 1e300,
            List.of("model", "nope"), List.of(Map.of()));

    /** The numbers' own wrong values (123 is a fine max_tokens): out of range, fractions, numbers as text. */
    private static final Map<String, List<Object>> WRONG_NUMBERS = Map.of(
            "temperature", List.of(-0.1, 2.01, "0.5", "", true, List.of(1), Map.of("$gt", 0), 1e300),
            "top_p", List.of(0, -1, 1.01, "0.9", true, Map.of()),
            "max_tokens", List.of(0, -1, 4.5, "300", 1.0, true, 1e300, 10_000_001, 1024 * 1024, Map.of("$gt", 0)));

    @Test
    void everyMalformedRequestIsA4xxProblemAndTheDatabaseIsUnchanged() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String reply = Api.read(id, email).extract().path("messages[1].id");
        String question = Api.read(id, email).extract().path("messages[0].id");
        List<Bad> corpus = corpus(email, id, reply, question);
        assertTrue(corpus.size() >= 200, "the corpus has " + corpus.size() + " requests");

        List<Long> before = counts();
        List<String> wrong = new ArrayList<>();
        for (Bad bad : corpus) {
            Response response = send(bad);
            int status = response.statusCode();
            String type = response.contentType();
            String code = status >= 400 && type.startsWith("application/problem+json") ? response.path("code") : null;
            if (status < 400 || status >= 500 || code == null) {
                wrong.add(status + " " + type + " for " + bad);
            }
        }
        assertEquals(List.of(), wrong, "requests not answered with a 4xx problem");
        assertEquals(before, counts(), "the corpus changed the database");
    }

    private static List<Bad> corpus(String email, String id, String reply, String question) {
        List<Bad> corpus = new ArrayList<>();
        Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
        bodies.put("POST /users", Map.of("name", "New", "email", "corpus-new@example.com"));
        bodies.put("POST /conversations", Map.of("user_email", email, "first_message", "Hi", "model", FakeLlm.MODEL,
                "system_prompt", "Be brief.", "temperature", 0.5, "top_p", 0.9, "max_tokens", 100));
        bodies.put("POST /conversations/" + id + "/messages", Map.of("user_email", email, "text", "Hi",
                "model", FakeLlm.MODEL));
        bodies.put("PATCH /conversations/" + id, Map.of("user_email", email, "title", "T", "model", FakeLlm.MODEL,
                "system_prompt", "Be brief.", "temperature", 0.5, "top_p", 0.9, "max_tokens", 100, "reset",
                List.of("temperature")));
        bodies.put("POST /conversations/" + id + "/messages/" + reply + "/regenerate", Map.of("user_email", email,
                "model", FakeLlm.MODEL));
        bodies.put("POST /conversations/" + id + "/messages/" + question + "/edit", Map.of("user_email", email,
                "text", "Hi", "model", FakeLlm.MODEL));
        bodies.put("PUT /conversations/" + id + "/messages/" + reply + "/feedback", Map.of("user_email", email,
                "rating", "up", "comment", "Fine."));
        bodies.put("DELETE /conversations/" + id, Map.of("user_email", email));
        bodies.forEach((route, valid) -> {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            for (String field : valid.keySet()) {
                for (Object value : WRONG_NUMBERS.getOrDefault(field, WRONG_VALUES)) {
                    Map<String, Object> body = new LinkedHashMap<>(valid);
                    body.put(field, value);
                    corpus.add(json(method, path, body));
                }
                Map<String, Object> blank = new LinkedHashMap<>(valid);
                blank.put(field, " ");
                corpus.add(json(method, path, blank));
            }
            Map<String, Object> unknown = new LinkedHashMap<>(valid);
            unknown.put("role", "system");
            corpus.add(json(method, path, unknown));
            Map<String, Object> proto = new LinkedHashMap<>(valid);
            proto.put("__proto__", Map.of("admin", true));
            corpus.add(json(method, path, proto));
            for (String raw : List.of("{", "[", "[]", "\"text\"", "42", "{\"a\":}", "{\"user_email\":\"" + email + "\",}",
                    "{'single':'quotes'}")) {
                corpus.add(new Bad(method, path, "application/json", raw.getBytes(StandardCharsets.UTF_8), Map.of()));
            }
            byte[] invalidUtf8 = { '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc3,
                    '"', '}' };
            corpus.add(new Bad(method, path, "application/json", invalidUtf8, Map.of()));
            corpus.add(new Bad(method, path, "text/plain", "user_email=x".getBytes(StandardCharsets.UTF_8), Map.of()));
        });
        for (String badId : List.of("zzz", "0123456789abcdef0123456789", "%00", "..%2F..%2Fetc", "%7B%24gt%3A1%7D",
                "0123456789abcdef0123456z")) {
            corpus.add(get("/conversations/" + badId + "?user_email=" + email));
            corpus.add(json("POST", "/conversations/" + badId + "/messages", Map.of("user_email", email, "text", "x")));
            corpus.add(get("/conversations/" + id + "/messages/" + badId + "/events?user_email=" + email));
            corpus.add(new Bad("POST", "/conversations/" + id + "/messages/" + badId + "/stop?user_email=" + email,
                    null, null, Map.of()));
            corpus.add(new Bad("POST", "/conversations/" + id + "/messages/" + badId + "/activate?user_email=" + email,
                    null, null, Map.of()));
            corpus.add(json("POST", "/conversations/" + id + "/messages/" + badId + "/edit", Map.of("user_email", email,
                    "text", "x")));
            corpus.add(get("/conversations/" + id + "?user_email=" + email + "&leaf=" + badId));
            corpus.add(new Bad("DELETE", "/conversations/" + badId + "?user_email=" + email, null, null, Map.of()));
        }
        for (String query : List.of("limit=0", "limit=-1", "limit=NaN", "limit=1e3", "limit=101", "limit=%00",
                "cursor=%24%24", "cursor=bm9wZQ", "cursor=" + "A".repeat(5000))) {
            corpus.add(get("/conversations/" + id + "?user_email=" + email + "&" + query));
            corpus.add(get("/conversations/user/" + email + "?" + query));
        }
        for (String badEmail : List.of("not-an-email", "%7B%22%24ne%22%3Anull%7D", "", "%20", "a%40b")) {
            corpus.add(get("/conversations/" + id + "?user_email=" + badEmail));
            corpus.add(get("/conversations/" + id + "/messages/" + reply + "/events?user_email=" + badEmail));
        }
        for (String badEmail : List.of("nobody", "%20", "a@b", "x".repeat(300) + "@example.com", "%7B%24ne%3A1%7D")) {
            corpus.add(get("/users/" + badEmail));
            corpus.add(get("/conversations/user/" + badEmail));
            corpus.add(get("/users/" + badEmail + "/usage"));
        }
        for (String token : List.of("Bearer ", "Bearer nope", "Basic dXNlcjpwYXNz", "Bearer " + "x".repeat(5000),
                "bearer test-admin-token-but-wrong", "Token test-admin-token")) {
            corpus.add(new Bad("GET", "/conversations", null, null, Map.of("Authorization", token)));
        }
        for (String query : List.of("since=yesterday", "since=2026-13-01T00:00:00Z", "rating=sideways", "rating=UP",
                "limit=0", "limit=101", "cursor=bm9wZQ", "cursor=" + "A".repeat(5000), "since=%00")) {
            boolean pageOnly = query.startsWith("limit") || query.startsWith("cursor");
            for (String route : pageOnly ? List.of("/feedback?") : List.of("/feedback?", "/feedback/export?")) {
                corpus.add(new Bad("GET", route + query, null, null, Map.of("Authorization", "Bearer test-admin-token")));
            }
        }
        for (String page : List.of("page=0", "page=-2", "page=abc", "page=100001", "limit=1000")) {
            corpus.add(new Bad("GET", "/conversations?" + page, null, null,
                    Map.of("Authorization", "Bearer test-admin-token")));
        }
        for (String query : List.of("limit=5", "q=", "q=%20%20", "q=" + "x".repeat(201), "q=a&limit=0", "q=a&limit=abc",
                "q=a&limit=101", "q=a&cursor=bm9wZQ", "q=a&cursor=" + "A".repeat(5000), "q=%00&cursor=%24%24")) {
            corpus.add(get("/conversations/user/" + email + "/search?" + query));
        }
        for (String badEmail : List.of("nobody", "%20", "x".repeat(300) + "@example.com", "%7B%24ne%3A1%7D")) {
            corpus.add(get("/conversations/user/" + badEmail + "/search?q=hello"));
            corpus.add(get("/users/" + badEmail + "/export"));
            corpus.add(new Bad("DELETE", "/users/" + badEmail, null, null, Map.of()));
            corpus.add(new Bad("POST", "/users/" + badEmail + "/import", "application/json",
                    "[]".getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        corpus.add(new Bad("DELETE", "/users/unknown-corpus-user@example.com", null, null, Map.of()));
        for (String badId : List.of("zzz", "%00", "0123456789abcdef0123456z", "%7B%24gt%3A1%7D")) {
            corpus.add(new Bad("POST", "/conversations/" + badId + "/shares?user_email=" + email, "application/json",
                    null, Map.of()));
            corpus.add(get("/conversations/" + badId + "/shares?user_email=" + email));
            corpus.add(get("/conversations/" + badId + "/export?user_email=" + email));
        }
        for (String token : List.of("short", "%00", "A".repeat(5000), "%7B%24gt%3A%22%22%7D",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fetc")) {
            corpus.add(get("/shared/" + token));
            corpus.add(new Bad("DELETE", "/conversations/" + id + "/shares/" + token + "?user_email=" + email, null,
                    null, Map.of()));
        }
        for (String format : List.of("pdf", "%00", "MARKDOWN", "json%20")) {
            corpus.add(get("/conversations/" + id + "/export?user_email=" + email + "&format=" + format));
        }
        for (String raw : List.of("", "{", "42", "\"text\"", "{}", "null", "{\"format\":\"convo-export/1\"}",
                "{\"format\":\"other\",\"conversations\":[]}", "{\"format\":\"convo-export/1\",\"conversations\":{}}",
                "[1]", "[{}]", "[null]", "[{\"id\":\"x\",\"mapping\":[]}]", "[{\"id\":{\"$ne\":1},\"mapping\":{}}]",
                "[{\"id\":\"x\",\"mapping\":{\"a\":{\"parent\":{\"$gt\":\"\"}}}}]",
                "[{\"id\":\"x\",\"mapping\":{\"a\":{\"parent\":\"b\"},\"b\":{\"parent\":\"a\"}}}]",
                "[{\"id\":\"x\",\"mapping\":{\"a\":{\"parent\":\"nowhere\"}}}]",
                "[{\"id\":\"x\",\"create_time\":\"yesterday\",\"mapping\":{}}]",
                "[{\"id\":\"x\",\"mapping\":{\"a\":{\"parent\":null,\"message\":{\"author\":{\"role\":\"user\"},"
                        + "\"content\":{\"content_type\":\"text\",\"parts\":\"not a list\"}}}}}]",
                "{\"format\":\"convo-export/1\",\"conversations\":[{\"id\":\"c\",\"messages\":[{\"id\":\"m\",\"seq\":\"x\"}]}]}",
                "{\"format\":\"convo-export/1\",\"conversations\":[{\"id\":\"c\",\"messages\":[{\"id\":\"m\",\"seq\":1,"
                        + "\"role\":\"user\",\"text\":\"t\",\"status\":\"complete\",\"createdAt\":\"2024-01-01T00:00:00Z\","
                        + "\"parentId\":\"nobody\"}]}]}",
                "{\"format\":\"convo-export/1\",\"conversations\":[{\"id\":\"c\",\"messages\":[{\"id\":\"m\",\"seq\":1,"
                        + "\"role\":\"user\",\"text\":123,\"status\":\"complete\",\"createdAt\":\"nope\"}]}]}")) {
            corpus.add(new Bad("POST", "/users/" + email + "/import", "application/json", raw.getBytes(StandardCharsets.UTF_8),
                    Map.of()));
        }
        byte[] invalidImport = { '[', '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xc3, '"', '}', ']' };
        corpus.add(new Bad("POST", "/users/" + email + "/import", "application/json", invalidImport, Map.of()));
        corpus.add(new Bad("POST", "/users/" + email + "/import", "text/plain", "[]".getBytes(StandardCharsets.UTF_8), Map.of()));
        corpus.add(new Bad("POST", "/conversations/" + id + "/messages", "application/json",
                ("{\"user_email\":\"" + email + "\",\"text\":\"" + "y".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of()));
        corpus.add(new Bad("PUT", "/conversations/" + id, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
        corpus.add(new Bad("POST", "/conversations/" + id + "/messages", "application/json",
                json("", "", Map.of("user_email", email, "text", "hi")).body(), Map.of("Idempotency-Key", "k".repeat(300))));
        return corpus;
    }

    private static Bad json(String method, String path, Map<String, Object> body) {
        return new Bad(method, path, "application/json", new JsonObject(body).encode().getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static Bad get(String path) {
        return new Bad("GET", path, null, null, Map.of());
    }

    private static Response send(Bad bad) {
        RequestSpecification request = given().urlEncodingEnabled(false).headers(bad.headers());
        if (bad.body() != null) {
            request.contentType(bad.contentType()).body(bad.body());
        }
        return request.request(bad.method(), bad.path());
    }

    private static List<Long> counts() {
        return List.of(User.count().await().indefinitely(), Conversation.count().await().indefinitely(),
                Message.count().await().indefinitely(), dev.convo.share.Share.count().await().indefinitely(),
                dev.convo.user.Tombstone.count().await().indefinitely());
    }
}
