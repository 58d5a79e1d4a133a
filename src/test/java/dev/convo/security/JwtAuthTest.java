package dev.convo.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(JwtMode.class)
class JwtAuthTest {

    @Test
    void aMissingTokenIsUnauthorized() {
        given().get("/users/{e}", Api.uniqueEmail()).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        refused(TestTokens.expired(Api.uniqueEmail()));
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorized() {
        refused(TestTokens.signedByAnotherKey(Api.uniqueEmail()));
    }

    @Test
    void aTokenFromAnotherIssuerIsUnauthorized() {
        refused(TestTokens.fromIssuer("https://elsewhere.test", Api.uniqueEmail()));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        refused(TestTokens.forAudience("another-service", Api.uniqueEmail()));
    }

    @Test
    void somethingThatIsNotAJwtIsUnauthorized() {
        refused("not.a.jwt");
    }

    @Test
    void aUserEmailThatIsNotTheTokensIsForbidden() {
        String email = Api.uniqueEmail();
        given().auth().oauth2(TestTokens.token(email)).contentType("application/json")
                .body(Map.of("user_email", Api.uniqueEmail(), "first_message", "Hi")).post("/conversations")
                .then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void theTokensOwnUserEmailIsAccepted() {
        String email = Api.uniqueEmail();
        given().auth().oauth2(TestTokens.token(email)).contentType("application/json")
                .body(Map.of("user_email", email.toUpperCase(), "first_message", "Hi")).post("/conversations")
                .then().statusCode(201).body("conversation.userEmail", equalTo(email));
    }

    @Test
    void anEmailWhoseLowerCaseIsAnotherUsersIsRefused() {
        String victim = "kelvin-" + UUID.randomUUID() + "@example.com";
        given().auth().oauth2(TestTokens.token(victim)).contentType("application/json")
                .body(Map.of("first_message", "Mine")).post("/conversations").then().statusCode(201);
        // the Kelvin sign (U+212A) lower-cases to the ASCII k of the victim's address
        refused(TestTokens.withClaims(Map.of("email", "\u212A" + victim.substring(1))));
    }

    @Test
    void quotesInTheEmailClaimAreNotStrippedIntoAnotherUsersAddress() {
        String victim = Api.uniqueEmail();
        String conversation = given().auth().oauth2(TestTokens.token(victim)).contentType("application/json")
                .body(Map.of("first_message", "Private")).post("/conversations").then().statusCode(201).extract()
                .path("conversation.id");
        String quoted = TestTokens.withClaims(Map.of("email", "\"" + victim + "\""));
        given().auth().oauth2(quoted).get("/conversations/user/{e}", victim).then().statusCode(403);
        given().auth().oauth2(quoted).get("/conversations/{id}", conversation).then().statusCode(403);
    }

    @Test
    void anEmailThatIsNotAStringIsRefused() {
        refused(TestTokens.withClaims(Map.of("email", List.of(Api.uniqueEmail()))));
    }

    @Test
    void anUnverifiedEmailIsRefusedAndAnAbsentFlagIsNot() {
        refused(TestTokens.withClaims(Map.of("email", Api.uniqueEmail(), "email_verified", false)));
        String verified = Api.uniqueEmail();
        given().auth().oauth2(TestTokens.withClaims(Map.of("email", verified, "email_verified", true)))
                .get("/conversations/user/{e}", verified).then().statusCode(200);
        String unsaid = Api.uniqueEmail();
        given().auth().oauth2(TestTokens.withClaims(Map.of("email", unsaid)))
                .get("/conversations/user/{e}", unsaid).then().statusCode(200);
    }

    @Test
    void anAddressBeingErasedIsNotCreatedAgainAtSignInUntilTheErasureEnds() {
        String email = Api.uniqueEmail();
        dev.convo.user.Tombstone.begin(email, java.time.Duration.ofMinutes(1)).await().indefinitely();
        given().auth().oauth2(TestTokens.token(email)).get("/users/{e}", email).then().statusCode(409)
                .body("code", equalTo("user_erasing"));
        given().auth().oauth2(TestTokens.token(email)).contentType("application/json")
                .body(Map.of("first_message", "Hi")).post("/conversations").then().statusCode(409);
        dev.convo.user.Tombstone.remove(email).await().indefinitely();
        given().auth().oauth2(TestTokens.token(email)).get("/users/{e}", email).then().statusCode(200);
    }

    private static void refused(String token) {
        given().auth().oauth2(token).get("/conversations/user/{e}", Api.uniqueEmail()).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
    }
}
