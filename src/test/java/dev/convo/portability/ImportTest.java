package dev.convo.portability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Imports: this service's own export round-trips (branches, versions, ratings), a ChatGPT conversations.json keeps
 * its tree and times, the same file twice stores nothing new, and a bad entry is reported by position with nothing
 * stored.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ImportTest {

    @Test
    void anExportImportsIntoAnotherAccountWithItsBranchesAndOnlyOnce() {
        String from = Api.newUser();
        String id = Api.startConversation(from, "Original question");
        JsonPath read = Api.read(id, from).extract().jsonPath();
        Api.regenerate(id, read.getString("messages[1].id"), from).statusCode(201);
        given().contentType("application/json").body(Map.of("user_email", from, "rating", "up"))
                .put("/conversations/{id}/messages/{m}/feedback", id, read.getString("messages[1].id")).then().statusCode(200);
        String export = given().get("/users/{e}/export", from).then().statusCode(200).extract().asString();

        String to = Api.newUser();
        importFile(to, export).statusCode(200).body("source", equalTo("convo-export/1")).body("imported", equalTo(1))
                .body("messages", equalTo(3)).body("alreadyImported", equalTo(0));
        String imported = given().get("/conversations/user/{e}", to).then().statusCode(200).body("items", hasSize(1))
                .body("items[0].title", equalTo("Original question")).extract().path("items[0].id");
        Api.read(imported, to).body("messages.text", contains("Original question", "Echo: Original question"))
                .body("messages[1].versionCount", equalTo(2)).body("messages[1].versionIndex", equalTo(2));

        importFile(to, export).statusCode(200).body("imported", equalTo(0)).body("alreadyImported", equalTo(1));
        given().get("/conversations/user/{e}", to).then().body("items", hasSize(1));
        Api.post(imported, to, "And now?").statusCode(201); // an imported conversation goes on like any other
    }

    @Test
    void aChatGptExportKeepsItsTreeTimesAndShownBranch() {
        String email = Api.newUser();
        importFile(email, chatGpt().encode()).statusCode(200).body("source", equalTo("chatgpt"))
                .body("imported", equalTo(1)).body("empty", equalTo(1)).body("messages", equalTo(4));
        JsonPath list = given().get("/conversations/user/{e}", email).then().body("items", hasSize(1)).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("Trip to Lisbon", list.getString("items[0].title"));
        org.junit.jupiter.api.Assertions.assertEquals("2023-11-14T22:13:20Z", list.getString("items[0].createdAt"));
        String id = list.getString("items[0].id");
        Api.read(id, email)
                .body("messages.text", contains("Plan a day in Lisbon, please", "Start at Belém.\n\nThen Alfama."))
                .body("messages[0].versionCount", equalTo(2)).body("messages[0].versionIndex", equalTo(2))
                .body("messages[1].model", equalTo("gpt-4o"))
                .body("messages[0].createdAt", startsWith("2023-11-14T22:15"));
        String first = Api.read(id, email).extract().path("messages[0].versionIds[0]");
        given().queryParam("user_email", email).contentType("application/json")
                .post("/conversations/{id}/messages/{m}/activate", id, first).then().statusCode(200)
                .body("messages.text", contains("Plan a day in Lisbon", "Sure: Belém first."));
        importFile(email, chatGpt().encode()).statusCode(200).body("imported", equalTo(0)).body("alreadyImported", equalTo(1));
        // no model was called for it: nothing counts against the user's quota
        given().get("/users/{e}/usage", email).then().body("total.replies", equalTo(0)).body("total.totalTokens", equalTo(0));
    }

    @Test
    void aBadEntryIsReportedByPositionAndNothingIsStored() {
        String email = Api.newUser();
        JsonArray file = chatGpt();
        file.add(file.getJsonObject(0).copy().put("id", "third"));
        file.getJsonObject(2).getJsonObject("mapping").getJsonObject("u1").getJsonObject("message").getJsonObject("author")
                .remove("role");
        importFile(email, file.encode()).statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("[2].mapping.u1.message.author.role"));
        given().get("/conversations/user/{e}", email).then().body("items", hasSize(0));
    }

    @Test
    void ownExportEntriesAreCheckedToo() {
        String email = Api.newUser();
        JsonObject file = new JsonObject().put("format", "convo-export/1").put("conversations", new JsonArray()
                .add(new JsonObject().put("id", "c1").put("title", "t").put("state", "active").put("createdAt", "2024-01-01T00:00:00Z")
                        .put("messages", new JsonArray().add(new JsonObject().put("id", "m1").put("seq", 1).put("role", "robot")
                                .put("text", "x").put("status", "complete").put("createdAt", "2024-01-01T00:00:00Z")))));
        importFile(email, file.encode()).statusCode(400).body("violations[0].field", equalTo("conversations[0].messages[0].role"));
        file.getJsonArray("conversations").getJsonObject(0).getJsonArray("messages").getJsonObject(0).put("seq", "one");
        importFile(email, file.encode()).statusCode(400).body("violations[0].field", equalTo("conversations[0].messages[0].seq"));
    }

    @Test
    void aFileLargerThanTheUsualBodyLimitIsStreamedIn() {
        String email = Api.newUser();
        JsonArray file = new JsonArray();
        String big = "word ".repeat(20_000);
        for (int i = 0; i < 30; i++) {
            file.add(chatGpt().getJsonObject(0).copy().put("id", "big-" + i));
            file.getJsonObject(i).getJsonObject("mapping").getJsonObject("a2").getJsonObject("message")
                    .getJsonObject("content").put("parts", new JsonArray().add(big));
        }
        org.junit.jupiter.api.Assertions.assertTrue(file.encode().length() > 2_000_000);
        importFile(email, file.encode()).statusCode(200).body("imported", equalTo(30));
    }

    @Test
    void whatIsNotAnImportIsRefused() {
        String email = Api.newUser();
        importFile(email, "{not json").statusCode(400).body("code", equalTo("malformed_json"));
        importFile(email, "{\"hello\": 1}").statusCode(400).body("violations[0].field", equalTo("body"));
        importFile(email, "42").statusCode(400).body("violations[0].field", equalTo("body"));
        given().contentType("application/json").body("[]").queryParam("user_email", email)
                .post("/users/{e}/import", Api.uniqueEmail()).then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    private static ValidatableResponse importFile(String email, String body) {
        return given().contentType("application/json").body(body).post("/users/{e}/import", email).then();
    }

    /**
     * A ChatGPT conversations.json: one conversation whose first question was edited (two branches; the second is
     * shown), with a hidden system message, a tool call inside an answer, and one conversation with no text at all.
     */
    static JsonArray chatGpt() {
        JsonObject mapping = new JsonObject()
                .put("root", node(null, null))
                .put("s0", node("root", message("system", "You are ChatGPT", 1_700_000_000).put("metadata",
                        new JsonObject().put("is_visually_hidden_from_conversation", true))))
                .put("u1", node("s0", message("user", "Plan a day in Lisbon", 1_700_000_100)))
                .put("a1", node("u1", message("assistant", "Sure: Belém first.", 1_700_000_110)))
                .put("u2", node("s0", message("user", "Plan a day in Lisbon, please", 1_700_000_120)))
                .put("a2", node("u2", message("assistant", "Start at Belém.", 1_700_000_130)))
                .put("t1", node("a2", message("tool", "search results", 1_700_000_131)))
                .put("a3", node("t1", message("assistant", "Then Alfama.", 1_700_000_132)));
        JsonObject conversation = new JsonObject().put("id", "conv-1").put("title", "Trip to Lisbon")
                .put("create_time", 1_700_000_000.0).put("update_time", 1_700_000_200.5).put("mapping", mapping)
                .put("current_node", "a3");
        JsonObject empty = new JsonObject().put("id", "conv-2").put("title", "Nothing").put("create_time", 1_700_000_000)
                .put("mapping", new JsonObject().put("root", node(null, null)));
        return new JsonArray().add(conversation).add(empty);
    }

    private static JsonObject node(String parent, JsonObject message) {
        return new JsonObject().put("parent", parent).put("message", message).put("children", new JsonArray());
    }

    private static JsonObject message(String role, String text, long time) {
        return new JsonObject().put("author", new JsonObject().put("role", role)).put("create_time", time)
                .put("content", new JsonObject().put("content_type", "text").put("parts", new JsonArray().add(text)))
                .put("metadata", new JsonObject().put("model_slug", "gpt-4o"));
    }
}
