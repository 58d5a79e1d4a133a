package dev.convo.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The contract check is on for the tests that run against the service.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ContractCheckedTest {

    @Test
    void everyRestAssuredCallOfTheSuiteIsChecked() {
        // by name: the launcher and the test may see the class through different class loaders
        assertTrue(RestAssured.filters().stream()
                .anyMatch(filter -> filter.getClass().getName().equals(ContractFilter.class.getName())));
        given().get("/users/{e}", Api.uniqueEmail()).then().statusCode(404);
    }
}
