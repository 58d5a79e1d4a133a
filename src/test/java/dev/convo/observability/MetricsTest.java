package dev.convo.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class MetricsTest {

    private static final String MODEL = "model=\"" + FakeLlm.MODEL + "\"";

    @Test
    void aTurnMovesTheModelCounters() {
        double replies = metric("llm_reply_duration_seconds_count", MODEL, "streamed=\"false\"");
        double tokensIn = metric("llm_tokens_total", "direction=\"in\"", MODEL);
        double tokensOut = metric("llm_tokens_total", "direction=\"out\"", MODEL);
        Api.startConversation(Api.newUser(), "Count me");
        assertEquals(replies + 1, metric("llm_reply_duration_seconds_count", MODEL, "streamed=\"false\""));
        assertTrue(metric("llm_tokens_total", "direction=\"in\"", MODEL) > tokensIn);
        assertEquals(tokensOut + 3, metric("llm_tokens_total", "direction=\"out\"", MODEL), "Echo: Count me");
    }

    @Test
    void aStreamMovesTimeToFirstTokenAndEndsWithNoStreamInFlight() {
        double firstTokens = metric("llm_time_to_first_token_seconds_count", MODEL);
        double streamed = metric("llm_reply_duration_seconds_count", MODEL, "streamed=\"true\"");
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Go [[tokens 3]]"))) {
            stream.until(event -> "end".equals(event.id()));
        }
        assertEquals(firstTokens + 1, metric("llm_time_to_first_token_seconds_count", MODEL));
        assertEquals(streamed + 1, metric("llm_reply_duration_seconds_count", MODEL, "streamed=\"true\""));
        assertEquals(0, metric("chat_streams_in_flight"));
        assertTrue(given().get("/q/metrics").then().extract().asString().contains("\nchat_turns_waiting "),
                "the admission line is shown");
        assertEquals(0, metric("chat_turns_waiting"), "no turn is left waiting in line");
    }

    @Test
    void aFailedCallIsCountedByItsCode() {
        double failures = metric("llm_errors_total", "code=\"llm_unavailable\"");
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "Boom [[status 500]]").statusCode(502);
        assertEquals(failures + 1, metric("llm_errors_total", "code=\"llm_unavailable\""));
        assertEquals(0, metric("llm_circuit_breaker_state"));
    }

    @Test
    void httpRequestsAreMeasuredAndCarryARequestId() {
        given().header("X-Request-Id", "trace-me-42").get("/users/{e}", Api.uniqueEmail()).then().statusCode(404)
                .header("X-Request-Id", equalTo("trace-me-42"));
        given().get("/users/{e}", Api.uniqueEmail()).then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        assertTrue(metric("http_server_requests_seconds_count", "uri=\"/users/{email}\"") > 0);
    }

    /** The sum of the samples of a metric whose labels contain all of {@code labels}; 0 when there are none. */
    private static double metric(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{.*})? (\\S+)$").matcher(text);
        double sum = 0;
        while (samples.find()) {
            String found = samples.group(1) == null ? "" : samples.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                sum += Double.parseDouble(samples.group(2));
            }
        }
        return sum;
    }
}
