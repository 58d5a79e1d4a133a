package dev.convo.portability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Exports: everything about a user in one document (every branch, version, rating, usage day and link, deleted
 * conversations too, nobody else's), and one conversation as Markdown or JSON.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ExportTest {

    @Test
    void theExportHoldsEveryBranchVersionRatingUsageDayAndLink() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "First question");
        JsonPath read = Api.read(id, email).extract().jsonPath();
        String reply = read.getString("messages[1].id");
        Api.regenerate(id, reply, email).statusCode(201);
        given().contentType("application/json").body(Map.of("user_email", email, "rating", "down", "comment", "meh"))
                .put("/conversations/{id}/messages/{m}/feedback", id, reply).then().statusCode(200);
        given().contentType("application/json").body(Map.of("user_email", email, "text", "First question, better"))
                .post("/conversations/{id}/messages/{m}/edit", id, read.getString("messages[0].id")).then().statusCode(201);
        String token = given().queryParam("user_email", email).contentType("application/json")
                .post("/conversations/{id}/shares", id).then().statusCode(201).extract().path("share.token");
        String deleted = Api.startConversation(email, "Gone but kept");
        Api.delete(deleted, email).statusCode(204);
        Api.startConversation(Api.newUser(), "Someone else's");

        // usage is counted in the background as replies end
        org.awaitility.Awaitility.await().untilAsserted(() -> given().get("/users/{e}/usage", email).then()
                .body("total.replies", equalTo(4)));
        JsonPath export = given().get("/users/{e}/export", email).then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Content-Disposition", containsString("attachment"))
                .extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("convo-export/1", export.getString("format"));
        org.junit.jupiter.api.Assertions.assertEquals(email, export.getString("user.email"));
        org.hamcrest.MatcherAssert.assertThat(export.getList("conversations.id"), contains(id, deleted));
        org.hamcrest.MatcherAssert.assertThat(export.getList("conversations.state"), contains("active", "deleted"));
        JsonPath conversation = JsonPath.from(export.prettify()).setRootPath("conversations[0]");
        org.hamcrest.MatcherAssert.assertThat(conversation.getList("messages"), hasSize(5));
        org.hamcrest.MatcherAssert.assertThat(conversation.getList("messages.text"),
                hasItem("First question, better"));
        org.hamcrest.MatcherAssert.assertThat(conversation.getList("messages.feedback.rating"), hasItem("down"));
        org.hamcrest.MatcherAssert.assertThat(conversation.getList("messages.version"), hasItem(2));
        org.hamcrest.MatcherAssert.assertThat(conversation.getList("messages.parentId"), hasItem(id));
        org.hamcrest.MatcherAssert.assertThat(export.getList("usage.replies"), hasItem(4));
        org.hamcrest.MatcherAssert.assertThat(export.getList("shares.token"), contains(token));
        assertFalse(export.prettify().contains("Someone else's"));
    }

    @Test
    void aConversationExportsAsMarkdownOfTheBranchShown() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "What is 2+2?");
        Api.post(id, email, "And **3+3**?").statusCode(201);
        String markdown = given().queryParam("user_email", email).queryParam("format", "markdown")
                .get("/conversations/{id}/export", id).then().statusCode(200)
                .contentType(startsWith("text/markdown"))
                .header("Content-Disposition", containsString(".md")).extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(4, markdown.split("\n### ").length - 1 + (markdown.startsWith("### ") ? 1 : 0));
        org.hamcrest.MatcherAssert.assertThat(markdown, startsWith("# What is 2+2?\n\n### User · "));
        org.hamcrest.MatcherAssert.assertThat(markdown, containsString("Echo: And **3+3**?"));
        org.hamcrest.MatcherAssert.assertThat(markdown, containsString("### Assistant (" + FakeLlm.MODEL + ")"));
    }

    @Test
    void aConversationExportsAsJsonWithEveryMessage() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        given().queryParam("user_email", email).queryParam("format", "json").get("/conversations/{id}/export", id)
                .then().statusCode(200).contentType(startsWith("application/json")).body("id", equalTo(id))
                .body("messages.role", contains("user", "assistant"));
    }

    @Test
    void exportsAreTheOwnersOnly() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hi");
        given().queryParam("user_email", Api.newUser()).get("/conversations/{id}/export", id).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        given().queryParam("user_email", email).queryParam("format", "pdf").get("/conversations/{id}/export", id)
                .then().statusCode(400).body("violations[0].field", equalTo("format"));
        given().get("/users/{e}/export", Api.uniqueEmail()).then().statusCode(404).body("code", equalTo("user_not_found"));
        given().get("/users/{e}/export", "not-an-email").then().statusCode(400).body("code", not(equalTo("internal_error")));
    }
}
