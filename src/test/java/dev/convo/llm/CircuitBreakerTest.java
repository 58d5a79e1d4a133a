package dev.convo.llm;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The model's circuit breaker, through the API: it opens for an outage, not for one user, and closes once the model
 * answers again.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
class CircuitBreakerTest {

    /** Six calls in the window, half failed, from two users open it for a second and a half; two retries a call. */
    public static class SmallBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llm.circuit-breaker.request-volume", "6", "llm.circuit-breaker.min-users", "2",
                    "llm.circuit-breaker.delay-millis", "1500", "llm.retry.max-retries", "2");
        }
    }

    @ConfigProperty(name = "llm.provider-url")
    String fakeLlmUrl;

    @Test
    void oneUserWhoseEveryTurnFailsDoesNotStopAnotherUsersTurns() {
        String unlucky = Api.newUser();
        String id = Api.startConversation(unlucky, "Hello");
        for (int i = 0; i < 8; i++) {
            Api.post(id, unlucky, "This prompt breaks it [[status 500]] " + i).statusCode(502);
        }
        String other = Api.newUser();
        Api.start(other, "Hello from someone else").statusCode(201);
        assertBreaker("closed");
    }

    @Test
    void twoFailedCallsAreTwoNotSixWhateverTheirRetries() {
        String first = Api.newUser();
        String second = Api.newUser();
        Api.start(first, "Down [[status 503]] " + UUID.randomUUID()).statusCode(502);
        Api.start(second, "Down [[status 503]] " + UUID.randomUUID()).statusCode(502);
        Api.start(Api.newUser(), "Still answered").statusCode(201);
    }

    @Test
    void theUpstreamsRefusalsAreNotAnOutage() {
        for (int i = 0; i < 6; i++) {
            Api.start(Api.newUser(), "Refused [[status 400]] " + i).statusCode(422).body("code", equalTo("llm_rejected"));
        }
        Api.start(Api.newUser(), "Answered").statusCode(201);
        assertBreaker("closed");
    }

    @Test
    void anOutageOpensItForEveryoneWithoutCallingTheModelAndItClosesOnceTheModelIsBack() {
        int failed = 0;
        while (failed < 10 && Api.start(Api.newUser(), "Outage [[status 500]] " + UUID.randomUUID()).extract()
                .statusCode() == 502) {
            failed++;
        }
        assertBreaker("open");
        String text = "Anyone there? " + UUID.randomUUID();
        Api.start(Api.newUser(), text).statusCode(503).body("code", equalTo("llm_unavailable"))
                .header("Retry-After", notNullValue()).body("userMessageId", notNullValue());
        given().get(fakeLlmUrl.replace("/v1/chat/completions", "/stats")).then().body("attempts", not(hasKey(text)));

        String email = Api.newUser();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> Api.start(email, "Back? " + UUID.randomUUID()).extract().statusCode() == 201);
        assertBreaker("closed");
    }

    private static void assertBreaker(String state) {
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Model circuit breaker' }.data.state", equalTo(state));
    }
}
