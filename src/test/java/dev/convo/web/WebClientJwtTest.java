package dev.convo.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Request;

import dev.convo.security.JwtMode;
import dev.convo.testing.Api;
import dev.convo.testing.Browser;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The web client in jwt mode: a pasted token signs the reader in; it never shows up in a URL or in storage. */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(JwtMode.class)
class WebClientJwtTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void aPastedTokenSignsInAndRidesInTheAuthorizationHeaderOnly() {
        String email = Api.uniqueEmail();
        String token = TestTokens.token(email);
        List<Request> requests = new CopyOnWriteArrayList<>();
        try (Browser.Tab tab = Browser.open()) {
            tab.page.onRequest(requests::add);
            ChatPage chat = new ChatPage(tab).open(root.toString());
            assertThat(tab.page.getByLabel("E-mail address")).isHidden();
            tab.page.getByLabel("Access token (JWT)").fill(token);
            chat.button("Continue").click();
            assertThat(tab.page.locator("#who")).hasText("Signed in as " + email);
            chat.send("Hello with a token [[tokens 120]] [[token-delay 40]]");
            chat.awaitReplyLongerThan(10);
            tab.page.reload(); // the token stays in this tab: the reply is followed on
            chat.awaitReply("complete");
            assertEquals(FakeLlm.words(120), chat.replyText());
            assertNull(tab.page.evaluate("() => localStorage.getItem('convo.token')"), "never kept beyond the tab");
            for (Request request : requests) {
                assertFalse(request.url().contains(token), "a token in a URL: " + request.url());
                if (request.url().contains("/conversations")) {
                    assertEquals("Bearer " + token, request.headers().get("authorization"), request.url());
                }
            }
            assertTrue(requests.stream().anyMatch(request -> request.url().contains("/events")), "resumed after reload");
            assertEquals(List.of(), tab.errors());
        }
    }

    @Test
    void aTokenThatIsNotValidIsRefusedWithTheReason() {
        try (Browser.Tab tab = Browser.open()) {
            ChatPage chat = new ChatPage(tab).open(root.toString());
            tab.page.getByLabel("Access token (JWT)").fill(TestTokens.expired(Api.uniqueEmail()));
            chat.button("Continue").click();
            assertThat(tab.page.locator("#sign-in-error")).containsText("unauthorized");
            assertThat(tab.page.locator("#sign-in")).isVisible();
        }
    }

    @Test
    void meSaysTheModeAndWhoTheTokenProves() {
        String email = Api.uniqueEmail();
        given().get("/me").then().statusCode(200).body("authMode", equalTo("jwt")).body("email", nullValue());
        given().auth().oauth2(TestTokens.token(email)).get("/me").then().statusCode(200)
                .body("authMode", equalTo("jwt")).body("email", equalTo(email)).body("administrator", equalTo(false));
        given().auth().oauth2(TestTokens.token(email, "admin")).get("/me").then().statusCode(200)
                .body("administrator", equalTo(true));
        given().auth().oauth2(TestTokens.expired(email)).get("/me").then().statusCode(401)
                .body("code", equalTo("unauthorized"));
    }
}
