package dev.convo.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(QuotaTest.OneTokenADay.class)
class QuotaTest {

    /** A daily quota that the first reply uses up. */
    public static class OneTokenADay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.tokens-per-day", "1");
        }
    }

    @Test
    void usageIsSummedPerUserAndDayAsTheUpstreamReportedIt() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Count my tokens");
        JsonPath stored = Api.read(id, email).extract().jsonPath();
        int prompt = stored.getInt("messages[1].usage.promptTokens");
        int completion = stored.getInt("messages[1].usage.completionTokens");
        JsonPath usage = UsageTesting.waitForUsage(email);
        assertEquals(email, usage.getString("email"));
        assertEquals(1, usage.getInt("total.replies"));
        assertEquals(prompt, usage.getInt("total.promptTokens"));
        assertEquals(completion, usage.getInt("total.completionTokens"));
        assertEquals(prompt + completion, usage.getInt("daily[0].totalTokens"));
    }

    @Test
    void onceTheDailyQuotaIsSpentTurnsAreRefusedUntilTomorrow() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Spend it");
        UsageTesting.waitForUsage(email);
        Api.post(id, email, "More").statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("quota_exceeded")).header("Retry-After", notNullValue());
        Api.read(id, email).body("conversation.messageCount", equalTo(2));
    }

    @Test
    void usageRejectsABadSpanAndAnUnknownUser() {
        given().get("/users/{e}/usage?days=0", Api.newUser()).then().statusCode(400)
                .body("violations.field", hasItem("days"));
        given().get("/users/{e}/usage", Api.uniqueEmail()).then().statusCode(404).body("code", equalTo("user_not_found"));
        given().contentType("application/json").body(Map.of()).get("/users/{e}/usage", "bad").then().statusCode(400);
    }
}
