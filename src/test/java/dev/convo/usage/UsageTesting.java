package dev.convo.usage;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import io.restassured.path.json.JsonPath;

/**
 * Waiting helpers of the usage and limit tests: they wait on the service's own answers, bounded in time.
 */
final class UsageTesting {

    private UsageTesting() {
    }

    /** The user's usage once the background accounting has recorded a reply. */
    static JsonPath waitForUsage(String email) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().get("/users/{e}/usage", email).then().statusCode(200).extract().jsonPath(),
                        usage -> usage.getInt("total.replies") > 0);
    }

    /** The per-minute window must not roll over in the middle of a test. */
    static void awayFromAMinuteBoundary() {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 50) {
            await().atMost(Duration.ofSeconds(12)).until(() -> Instant.now().getEpochSecond() % 60 < 50);
        }
    }
}
