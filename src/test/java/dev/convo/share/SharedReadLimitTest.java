package dev.convo.share;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The public route is limited per client address: guessing tokens fast meets 429 with Retry-After.
 */
@QuarkusTest
@TestProfile(SharedReadLimitTest.FewReads.class)
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class SharedReadLimitTest {

    public static class FewReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.shares.reads-per-minute", "3");
        }
    }

    @Test
    void readsPastTheMinutesAllowanceAreRefused() {
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int status = given().get("/shared/{t}", ShareLinks.newToken()).then().extract().statusCode();
            refused += status == 429 ? 1 : 0;
        }
        // the minute may turn during the loop: at least the reads past two allowances are refused
        org.junit.jupiter.api.Assertions.assertTrue(refused >= 2, "refused " + refused);
        given().get("/shared/{t}", ShareLinks.newToken()).then().statusCode(429).body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
    }
}
