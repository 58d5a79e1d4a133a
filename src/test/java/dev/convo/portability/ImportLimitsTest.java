package dev.convo.portability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An import is bounded: a file over CHAT_IMPORT_MAX_BYTES is a 413, with or without a declared length, and nothing
 * of it is stored; other routes keep their own 1 MiB limit.
 */
@QuarkusTest
@TestProfile(ImportLimitsTest.SmallImports.class)
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ImportLimitsTest {

    public static class SmallImports implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.import.max-bytes", "4000");
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedAndNothingIsStored() {
        String email = Api.newUser();
        String file = ImportTest.chatGpt().encode();
        String big = file.replace("Plan a day in Lisbon", "x".repeat(5000));
        given().contentType("application/json").body(big).post("/users/{e}/import", email).then().statusCode(413)
                .body("code", equalTo("payload_too_large"));
        given().contentType("application/json")
                .body(new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))) // sent chunked: no length
                .post("/users/{e}/import", email).then().statusCode(413).body("code", equalTo("payload_too_large"));
        given().get("/conversations/user/{e}", email).then().body("items", hasSize(0));
        given().contentType("application/json").body(file).post("/users/{e}/import", email).then().statusCode(200)
                .body("imported", equalTo(1));
    }

    @Test
    void otherRoutesKeepTheirOwnLimit() {
        String email = Api.newUser();
        given().contentType("application/json").body(Map.of("user_email", email, "first_message", "x".repeat(1_100_000)))
                .post("/conversations").then().statusCode(413).body("code", equalTo("payload_too_large"));
    }
}
