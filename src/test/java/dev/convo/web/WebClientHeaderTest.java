package dev.convo.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser.NewContextOptions;

import dev.convo.security.HeaderMode;
import dev.convo.testing.Api;
import dev.convo.testing.Browser;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The web client in header mode: the authenticating proxy (played by the browser sending its header) says who the
 * reader is, so the page asks nothing but a name for a new account.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(HeaderMode.class)
class WebClientHeaderTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void theProxysHeaderSignsInAndANewUserOnlyGivesAName() {
        String email = Api.uniqueEmail();
        NewContextOptions behindProxy = new NewContextOptions().setViewportSize(1280, 800)
                .setExtraHTTPHeaders(Map.of("X-Forwarded-Email", email));
        try (Browser.Tab tab = Browser.open(behindProxy)) {
            ChatPage chat = new ChatPage(tab).open(root.toString());
            assertThat(tab.page.locator("#sign-in-help")).containsText("Signed in as " + email);
            assertThat(tab.page.getByLabel("E-mail address")).isHidden();
            tab.page.getByLabel("Your name (new accounts)").fill("Hal");
            chat.button("Continue").click();
            assertThat(tab.page.locator("#who")).hasText("Signed in as " + email);
            assertThat(chat.button("Sign out")).isHidden();
            chat.send("Hello through the proxy");
            chat.awaitReply("complete");
            assertEquals("Echo: Hello through the proxy", chat.replyText());
            tab.page.reload(); // known now: straight in
            assertThat(tab.page.locator("#sign-in")).isHidden();
            assertThat(chat.conversationList()).hasCount(1);
            assertEquals(List.of(), tab.errors());
        }
    }

    @Test
    void withoutTheProxysHeaderThePageSaysSo() {
        try (Browser.Tab tab = Browser.open()) {
            new ChatPage(tab).open(root.toString());
            assertThat(tab.page.locator("#sign-in-help")).containsText("did not say who you are");
            assertThat(tab.page.locator("#sign-in-submit")).isHidden();
        }
    }

    @Test
    void meSaysTheModeAndTheProxysUser() {
        String email = Api.uniqueEmail();
        given().get("/me").then().statusCode(200).body("authMode", equalTo("header")).body("email", nullValue());
        given().header("X-Forwarded-Email", email.toUpperCase()).get("/me").then().statusCode(200)
                .body("email", equalTo(email)).body("administrator", equalTo(false));
        given().auth().oauth2("test-admin-token").get("/me").then().statusCode(200).body("administrator", equalTo(true));
    }
}
