package dev.convo.llm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
class CircuitBreakerTest {

    /** A breaker that opens after four calls, half of them failed, and stays open for a minute. */
    public static class SmallBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llm.circuit-breaker.request-volume", "4", "llm.retry.max-retries", "0",
                    "llm.circuit-breaker.delay-millis", "60000");
        }
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @ConfigProperty(name = "llm.provider-url")
    String fakeLlmUrl;

    @AfterEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    @Test
    void aFailingModelOpensTheBreakerAndLaterTurnsFailFastWithoutCallingIt() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        // with the successful first turn, four calls of which three failed: the breaker opens
        for (int i = 0; i < 3; i++) {
            Api.post(id, email, "Down [[status 500]] " + i).statusCode(502);
        }
        String text = "Still down? " + UUID.randomUUID();
        Api.post(id, email, text).statusCode(503).body("code", equalTo("llm_unavailable"))
                .header("Retry-After", notNullValue()).body("userMessageId", notNullValue());
        given().get(fakeLlmUrl.replace("/v1/chat/completions", "/stats")).then()
                .body("attempts.size()", greaterThan(0))
                .body("attempts", not(hasKey(text)));
    }
}
