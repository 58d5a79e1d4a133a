package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * Each way the model can fail: the user's message stays stored, the reply is recorded as failed, never as an answer.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ModelFailureTest {

    @Test
    void aModelThatDoesNotAnswerInTimeIsAGatewayTimeout() {
        assertFailedTurn("Slow [[delay 4000]]", 504, "llm_timeout");
    }

    @Test
    void aModelServerErrorIsABadGateway() {
        assertFailedTurn("Boom [[status 500]]", 502, "llm_unavailable");
    }

    @Test
    void aRateLimitedModelIsUnavailableWithTheUpstreamsRetryAfter() {
        assertFailedTurn("Busy [[status 429]] [[retry-after 1]]", 503, "llm_unavailable").header("Retry-After", "1");
    }

    @Test
    void aRateLimitedModelWithoutRetryAfterStillTellsTheClientWhenToRetry() {
        assertFailedTurn("Busy [[status 429]]", 503, "llm_unavailable").header("Retry-After", "30");
    }

    @Test
    void aModelRejectingTheKeyIsABadGateway() {
        assertFailedTurn("Who [[status 401]]", 502, "llm_unavailable");
    }

    @Test
    void aModelRefusingTheRequestIsUnprocessableWithItsShortReasonOnly() {
        assertFailedTurn("Something it refuses [[status 400]]", 422, "llm_rejected")
                .body("reason", equalTo("content_policy_violation"))
                .body(not(containsString("upstream secret detail")));
    }

    @Test
    void aBodyThatIsNotJsonIsABadGateway() {
        assertFailedTurn("Garbage [[garbage]]", 502, "llm_unavailable");
    }

    @Test
    void anAnswerWithoutAReplyIsABadGateway() {
        assertFailedTurn("Nothing [[no-choices]]", 502, "llm_unavailable");
    }

    @Test
    void aDroppedConnectionIsABadGateway() {
        assertFailedTurn("Drop [[close]]", 502, "llm_unavailable");
    }

    @Test
    void aFailedFirstTurnStillCreatesTheConversationWithTheUsersMessage() {
        String email = Api.newUser();
        String id = Api.start(email, "First [[status 503]]").statusCode(502)
                .body("code", equalTo("llm_unavailable"))
                .body("conversationId", matchesPattern("[0-9a-f]{24}"))
                .extract().path("conversationId");
        Api.read(id, email).statusCode(200)
                .body("messages.role", contains("user", "assistant"))
                .body("messages.status", contains("complete", "failed"))
                .body("messages[0].text", equalTo("First [[status 503]]"))
                .body("messages[1].errorCode", equalTo("llm_unavailable"))
                .body("messages[1].text", equalTo(""));
    }

    @Test
    void aFailedReplyIsNotSentToTheModelAsHistory() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "Boom [[status 500]]").statusCode(502);
        String reply = Api.post(id, email, "Again [[inspect]]").statusCode(201).extract().path("messages[1].text");
        JsonPath sent = JsonPath.from(reply);
        Assertions.assertEquals(
                List.of("system", "user", "assistant", "user", "user"), sent.getList("messages.role"));
    }

    @Test
    void aClientLeavingDuringAPlainTurnStillGetsTheReplyStored() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        try {
            given().config(RestAssured.config().httpClient(HttpClientConfig
                    .httpClientConfig().setParam("http.socket.timeout", 300)))
                    .contentType("application/json").body(Map.of("user_email", email, "text", "Wait [[delay 1200]]"))
                    .post("/conversations/{id}/messages", id);
        } catch (Exception timedOut) {
            // the client gave up after 300 ms, as a phone losing its network would
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Api.read(id, email).extract().path("messages[3].status"), status -> !"pending".equals(status));
        Api.read(id, email).body("messages[3].status", equalTo("complete"))
                .body("messages[3].text", equalTo("Echo: Wait [[delay 1200]]"));
    }

    private ValidatableResponse assertFailedTurn(String text, int status, String code) {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        ValidatableResponse failed = Api.post(id, email, text).statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("conversationId", equalTo(id))
                .body("userMessageId", matchesPattern("[0-9a-f]{24}"))
                .body("assistantMessageId", matchesPattern("[0-9a-f]{24}"))
                .body("detail", not(containsString("secret")));
        String userMessageId = failed.extract().path("userMessageId");
        Api.read(id, email).statusCode(200)
                .body("messages.seq", contains(1, 2, 3, 4))
                .body("messages[2].id", equalTo(userMessageId))
                .body("messages[2].text", equalTo(text))
                .body("messages[2].status", equalTo("complete"))
                .body("messages[3].role", equalTo("assistant"))
                .body("messages[3].status", equalTo("failed"))
                .body("messages[3].errorCode", equalTo(code))
                .body("messages[3].text", equalTo(""));
        return failed;
    }
}
