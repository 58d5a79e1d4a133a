package dev.convo.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With CHAT_WEB_CLIENT=false (production's default) none of the web client's files is served; the API is. */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@TestProfile(WebClientOffTest.Off.class)
class WebClientOffTest {

    /** The web client switched off. */
    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.web-client", "false");
        }
    }

    @Test
    void thePageItsModulesAndItsLibrariesAreNotFound() {
        for (String path : new String[] { "/", "/index.html", "/app/main.js", "/_static/marked/lib/marked.esm.js" }) {
            given().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("code", equalTo("not_found"));
        }
        given().get("/models").then().statusCode(200);
    }
}
