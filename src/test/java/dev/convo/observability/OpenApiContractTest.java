package dev.convo.observability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The running service's OpenAPI document must be the committed docs/openapi.yaml, so that every change of the
 * contract is deliberate and reviewed. After a deliberate change: cp target/openapi.yaml docs/openapi.yaml.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class OpenApiContractTest {

    private static final Path COMMITTED = Path.of("docs", "openapi.yaml");
    private static final Path GENERATED = Path.of("target", "openapi.yaml");

    @Test
    void theServedContractIsTheCommittedOne() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        Files.writeString(GENERATED, served);
        assertTrue(Files.exists(COMMITTED), "docs/openapi.yaml is missing: cp target/openapi.yaml docs/openapi.yaml");
        assertEquals(Files.readString(COMMITTED), served,
                "The API contract changed. Review the difference, then: cp target/openapi.yaml docs/openapi.yaml");
    }

    @Test
    void theContractDocumentsEveryRouteAndTheProblemCodes() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().extract().asString();
        for (String route : new String[] { "/users:", "/users/{email}:", "/users/{email}/usage:", "/conversations:",
                "/conversations/user/{email}:", "/conversations/{id}:", "/conversations/{id}/messages:",
                "/conversations/{id}/restore:", "/conversations/{id}/messages/{messageId}/events:",
                "/conversations/{id}/messages/{messageId}/stop:",
                "/conversations/{id}/messages/{messageId}/regenerate:" }) {
            assertTrue(served.contains("  " + route), "the contract documents " + route);
        }
        assertTrue(served.contains("context_too_long") && served.contains("text/event-stream"));
    }
}
