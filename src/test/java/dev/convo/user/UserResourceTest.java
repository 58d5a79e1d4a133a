package dev.convo.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class UserResourceTest {

    @Test
    void creatingAUserAnswersItWithAnIdAndTheNormalizedEmail() {
        String email = Api.uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("name", " Aman ", "email", "  " + email.toUpperCase() + " "))
                .post("/users")
                .then().statusCode(201)
                .body("user.id", matchesPattern("[0-9a-f]{24}"))
                .body("user.name", equalTo("Aman"))
                .body("user.email", equalTo(email))
                .body("user.createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
    }

    @Test
    void aSecondUserWithTheSameEmailInAnotherCaseConflicts() {
        String email = Api.newUser();
        given().contentType(ContentType.JSON).body(Map.of("name", "Other", "email", email.toUpperCase()))
                .post("/users")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("user_exists"));
    }

    @Test
    void anInvalidEmailIsRejectedNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Aman", "email", "not-an-email"))
                .post("/users")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("violations.field", hasItem("email"));
    }

    @Test
    void aMissingEmailIsRejected() {
        given().contentType(ContentType.JSON).body(Map.of("name", "Aman"))
                .post("/users")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("violations.field", hasItem("email"));
    }

    @Test
    void aBlankNameIsRejected() {
        given().contentType(ContentType.JSON).body(Map.of("name", "  ", "email", Api.uniqueEmail()))
                .post("/users")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("violations.field", hasItem("name"));
    }

    @Test
    void aUserIsFoundByEmailInAnyCase() {
        String email = Api.uniqueEmail();
        String id = Api.createUser(email);
        given().get("/users/{email}", email.toUpperCase())
                .then().statusCode(200).body("user.id", equalTo(id)).body("user.email", equalTo(email))
                .body("user.name", notNullValue());
    }

    @Test
    void anUnknownUserIsNotFound() {
        given().get("/users/{email}", Api.uniqueEmail())
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("user_not_found"))
                .body("status", equalTo(404)).body("type", notNullValue()).body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void lookingUpAMalformedEmailIsABadRequest() {
        given().get("/users/{email}", "nobody")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("violations.field", hasItem("email"));
    }
}
