package dev.convo.usage;

import static io.restassured.RestAssured.given;

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
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonPath usage = given().get("/users/{e}/usage", email).then().statusCode(200).extract().jsonPath();
            if (usage.getInt("total.replies") > 0 || System.currentTimeMillis() > deadline) {
                return usage;
            }
            pause(50);
        }
    }

    /** The per-minute window must not roll over in the middle of a test. */
    static void awayFromAMinuteBoundary() {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 50) {
            pause((61 - second) * 1000);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
