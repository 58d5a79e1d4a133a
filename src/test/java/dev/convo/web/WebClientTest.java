package dev.convo.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.BoundingBox;

import dev.convo.testing.Api;
import dev.convo.testing.Browser;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SecondModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The web client in a real browser (Chromium) against the running service and the fake model, in email mode: one
 * test per flow a person goes through. Screenshots of the main screens are kept in target/screenshots.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@WithTestResource(SecondModel.class)
class WebClientTest {

    private static final String TRIP = """
            Plan three days in **Lisbon**:

            | day | place |
            |---|---|
            | 1 | Alfama |
            | 2 | Belém |
            | 3 | Sintra |

            Keep it *short*.""";

    @TestHTTPResource("/")
    URL root;

    private Browser.Tab tab;
    private ChatPage chat;
    private String email;

    @BeforeEach
    void openPage() {
        tab = Browser.open();
        chat = new ChatPage(tab).open(root.toString());
        email = Api.uniqueEmail();
    }

    @AfterEach
    void closePage() {
        List<String> errors = tab.errors();
        tab.close();
        assertEquals(List.of(), errors, "the page ran into no script error and needed nothing the CSP refuses");
    }

    @Test
    void aNewUserSignsUpAndTheReplyStreamsAsItIsWritten() {
        tab.screenshot("sign-in");
        chat.signIn(email, "Ann").send(TRIP);
        chat.awaitReply("complete");
        assertThat(chat.lastReply().locator("table td")).hasText(new String[] { "1", "Alfama", "2", "Belém", "3", "Sintra" });
        assertThat(chat.conversationList()).hasCount(1);
        chat.awaitTitle("Plan three days in **Lisbon**");
        tab.screenshot("chat");
        chat.send("Tell me a story [[tokens 40]] [[token-delay 40]]");
        chat.awaitReply("streaming").awaitReplyLongerThan(10);
        assertThat(chat.button("Stop")).isVisible();
        chat.awaitReply("complete");
        assertEquals(FakeLlm.words(40), chat.replyText());
        assertThat(chat.button("Stop")).isHidden();
    }

    @Test
    void aDroppedConnectionIsResumedFromTheLastEventSeen() {
        List<String> resumedAfter = new CopyOnWriteArrayList<>();
        List<String> lastIdSent = new CopyOnWriteArrayList<>();
        // the turn's answer is cut after its fourth event, as a dropped connection would cut it
        chat.page.route("**/conversations", route -> {
            APIResponse answer = route.fetch();
            String cut = String.join("", List.of(answer.text().split("(?<=\n\n)")).subList(0, 4));
            Matcher ids = Pattern.compile("(?m)^id: ?(\\S+)$").matcher(cut);
            while (ids.find()) {
                lastIdSent.add(ids.group(1));
            }
            route.fulfill(new Route.FulfillOptions().setStatus(answer.status()).setHeaders(answer.headers()).setBody(cut));
        });
        chat.page.onRequest(request -> {
            if (request.url().contains("/events")) {
                resumedAfter.add(String.valueOf(request.headers().get("last-event-id")));
            }
        });
        chat.signIn(email, "Ann").send("Cut me [[tokens 50]]");
        chat.awaitReply("complete");
        assertEquals(FakeLlm.words(50), chat.replyText());
        assertTrue(Integer.parseInt(lastIdSent.get(lastIdSent.size() - 1)) > 0, "the cut falls after some text");
        assertEquals(List.of(lastIdSent.get(lastIdSent.size() - 1)), resumedAfter);
    }

    @Test
    void reloadingInTheMiddleOfAReplyResumesItWithoutRepeatingOrLosingText() {
        chat.signIn(email, "Ann").send("Long one [[tokens 120]] [[token-delay 40]]");
        chat.awaitReplyLongerThan(40);
        chat.page.reload();
        // the reloaded page shows the stored text so far and follows the rest of the reply live
        chat.awaitReply("streaming");
        assertThat(chat.button("Stop")).isVisible();
        chat.awaitReply("complete");
        assertEquals(FakeLlm.words(120), chat.replyText());
        String id = chat.page.evaluate("() => location.hash.slice(3)").toString();
        assertEquals(FakeLlm.words(120), Api.read(id, email).extract().path("messages[1].text"));
    }

    @Test
    void stoppingAReplyKeepsItsTextSaysWhyAndOffersRegenerate() {
        chat.signIn(email, "Ann").send("Stop me [[tokens 300]] [[token-delay 40]]");
        chat.awaitReplyLongerThan(10);
        chat.button("Stop").click();
        chat.awaitReply("stopped");
        assertThat(chat.lastReply().locator(".message-problem")).hasText("Stopped before the end.");
        String kept = chat.replyText();
        assertTrue(FakeLlm.words(300).startsWith(kept) && kept.length() < FakeLlm.words(300).length(), kept);
        chat.lastReply().getByText("Regenerate").click();
        chat.awaitReply("streaming");
        chat.button("Stop").click();
        chat.awaitReply("stopped");
        assertThat(chat.lastReply().locator(".version-index")).hasText("2 / 2");
    }

    @Test
    void aFailedReplySaysWhyAndRegeneratingWritesANewVersion() {
        chat.signIn(email, "Ann").send("Flaky [[fail-first 3]]");
        chat.awaitReply("failed");
        assertThat(chat.lastReply().locator(".message-problem")).containsText("llm_unavailable");
        assertThat(chat.page.locator("#notice")).containsText("llm_unavailable");
        assertThat(chat.lastUserMessage().locator(".message-text")).hasText("Flaky [[fail-first 3]]");
        tab.screenshot("failed-reply");
        chat.lastReply().getByText("Regenerate").click();
        chat.awaitReplyText("Echo: Flaky [[fail-first 3]] (attempt 4)");
        chat.awaitReply("complete");
        assertThat(chat.lastReply().locator(".version-index")).hasText("2 / 2");
        chat.lastReply().getByLabel("Previous version").click();
        chat.awaitReply("failed");
    }

    @Test
    void modelOutputIsRenderedAsMarkdownAndCannotRunScript() {
        String attack = """
                <img src=x onerror="window.__xss='img'"> [click me](javascript:window.__xss='link') \
                <a href="javascript:window.__xss='a'">raw link</a> <script>window.__xss='script'</script>

                | a | b |
                |---|---|
                | **1** | 2 |

                ```js
                const x = 1;
                ```
                """;
        chat.signIn(email, "Ann").send(attack);
        chat.awaitReply("complete");
        Locator reply = chat.lastReply().locator(".message-text");
        assertThat(reply.locator("table td strong")).hasText("1");
        assertThat(reply.locator("pre code")).hasText("const x = 1;");
        assertThat(reply).containsText("<img src=x onerror=");
        assertThat(chat.page.locator("#messages img, #messages script")).hasCount(0);
        assertThat(chat.lastUserMessage().locator(".message-text")).containsText("<img src=x onerror=");
        for (Locator link : chat.page.locator("#messages a").all()) {
            String href = link.getAttribute("href");
            assertTrue(href == null || href.startsWith("http"), "a link kept " + href);
        }
        reply.getByText("click me").click();
        assertNull(chat.page.evaluate("() => window.__xss"), "no injected script ran");
        tab.screenshot("markdown");
    }

    @Test
    void editingAMessageStartsABranchAndTheOldOneIsOneClickAway() {
        chat.signIn(email, "Ann").send("First question");
        chat.awaitReply("complete");
        chat.lastUserMessage().getByText("Edit").click();
        chat.page.getByLabel("Edited message").fill("Second question");
        chat.button("Save and send").click();
        chat.awaitReplyText("Echo: Second question");
        chat.awaitReply("complete");
        assertThat(chat.lastUserMessage().locator(".version-index")).hasText("2 / 2");
        chat.lastUserMessage().getByLabel("Previous version").click();
        assertThat(chat.lastUserMessage().locator(".message-text")).hasText("First question");
        chat.awaitReplyText("Echo: First question");
        tab.screenshot("branches");
    }

    @Test
    void aConversationIsRenamedDeletedAndRestored() {
        chat.signIn(email, "Ann").send("Keep me");
        chat.awaitReply("complete");
        chat.button("Rename").click();
        chat.page.getByLabel("Conversation title").fill("My plans");
        chat.button("Save").click();
        chat.awaitTitle("My plans");
        assertThat(chat.conversationList().locator(".conversation-title")).hasText("My plans");
        chat.button("Delete").click();
        assertThat(chat.page.locator("#notice")).containsText("Deleted “My plans”.");
        assertThat(chat.conversationList()).hasCount(0);
        chat.button("Undo").click();
        chat.awaitTitle("My plans");
        assertThat(chat.conversationList()).hasCount(1);
    }

    @Test
    void theListPagesNewestFirstAndSearchMarksTheMatch() {
        Api.createUser(email);
        for (int i = 1; i <= 22; i++) {
            Api.startConversation(email, i == 3 ? "Where do zebras sleep?" : "Question " + i);
        }
        chat.signIn(email, "unused");
        assertThat(chat.conversationList()).hasCount(20);
        assertThat(chat.conversationList().first()).containsText("Question 22");
        chat.button("Show more").click();
        assertThat(chat.conversationList()).hasCount(22);
        chat.page.getByLabel("Search conversations").fill("ZEBRA");
        assertThat(chat.conversationList()).hasCount(1);
        assertThat(chat.conversationList().locator("mark").first()).hasText("zebra");
        tab.screenshot("search");
        chat.conversationList().first().click();
        chat.awaitTitle("Where do zebras sleep?");
    }

    @Test
    void aLongConversationShowsItsEarlierMessagesOnRequest() {
        Api.createUser(email);
        String id = Api.startConversation(email, "Question 0");
        for (int i = 1; i <= 50; i++) {
            Api.post(id, email, "Question " + i).statusCode(201);
        }
        chat.page.navigate(root + "#c/" + id);
        chat.signIn(email, "unused");
        assertThat(chat.messages()).hasCount(100);
        assertThat(chat.messages().first().locator(".message-text")).hasText("Question 1");
        chat.button("Show earlier messages").click();
        assertThat(chat.messages()).hasCount(102);
        assertThat(chat.messages().first().locator(".message-text")).hasText("Question 0");
        assertThat(chat.button("Show earlier messages")).hasCount(0);
    }

    @Test
    void aShareLinkOpensTheConversationReadOnlyWithoutSigningIn() {
        chat.signIn(email, "Ann").send("Share this");
        chat.awaitReply("complete");
        chat.button("Share").click();
        chat.button("Create a link").click();
        Locator field = chat.page.getByLabel("Share link", new Page.GetByLabelOptions().setExact(true));
        assertThat(field).hasValue(Pattern.compile(".*/#shared/.+"));
        String link = field.inputValue();
        try (Browser.Tab reader = Browser.open()) {
            reader.page.navigate(link);
            assertThat(reader.page.locator("#conversation-title")).hasText("Share this");
            assertThat(reader.page.locator("#messages li.from-assistant .message-text")).hasText("Echo: Share this");
            assertThat(reader.page.locator("#composer")).isHidden();
            assertThat(reader.page.locator("#sign-in")).isHidden();
            reader.screenshot("shared");
            assertEquals(List.of(), reader.errors());
        }
        chat.page.getByText("Revoke").click();
        assertThat(field).hasCount(0);
    }

    @Test
    void exportDownloadsTheConversationAsMarkdown() throws Exception {
        chat.signIn(email, "Ann").send("Export me");
        chat.awaitReply("complete");
        Download download = chat.page.waitForDownload(() -> chat.button("Export").click());
        String markdown = Files.readString(download.path());
        assertTrue(markdown.contains("Export me") && markdown.contains("Echo: Export me"), markdown);
        Download all = chat.page.waitForDownload(() -> chat.button("Export my data").click());
        JsonPath export = JsonPath.from(Files.readString(all.path()));
        assertEquals(email, export.getString("user.email"));
    }

    @Test
    void aModelIsPickedForANewConversationAndChangedLater() {
        chat.signIn(email, "Ann");
        chat.page.getByLabel("Chat model").selectOption(SecondModel.ID);
        chat.send("Which model?");
        chat.awaitReply("complete");
        assertThat(chat.lastReply().locator(".author")).hasText(SecondModel.NAME);
        String id = chat.page.evaluate("() => location.hash.slice(3)").toString();
        Api.read(id, email).body("conversation.settings.model", equalTo(SecondModel.ID));
        chat.page.getByLabel("Chat model").selectOption(FakeLlm.MODEL);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                Api.read(id, email).body("conversation.settings.model", equalTo(FakeLlm.MODEL)));
        chat.send("And now?");
        chat.awaitReplyText("Echo: And now?");
        assertThat(chat.lastReply().locator(".author")).hasText(FakeLlm.MODEL);
    }

    @Test
    void settingsAreSavedOnTheConversationAndUsageIsShown() {
        chat.signIn(email, "Ann").send("Settings please");
        chat.awaitReply("complete");
        chat.button("Settings").click();
        chat.page.getByLabel("System prompt (empty: the service's)").fill("Answer like a pirate.");
        chat.page.getByLabel("Temperature (0–2)").fill("0.4");
        tab.screenshot("settings");
        chat.button("Save").click();
        assertThat(chat.page.locator("#settings")).isHidden();
        String id = chat.page.evaluate("() => location.hash.slice(3)").toString();
        Api.read(id, email).body("conversation.settings.systemPrompt", equalTo("Answer like a pirate."))
                .body("conversation.settings.temperature", equalTo(0.4f));
        chat.button("Usage").click();
        assertThat(chat.page.locator("#usage-replies")).hasText("1");
    }

    @Test
    void onAPhoneTheListFoldsAwayAndEveryControlHasAName() {
        tab.close();
        tab = Browser.open(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(390, 844)
                .setIsMobile(true).setHasTouch(true));
        chat = new ChatPage(tab).open(root.toString()).signIn(email, "Ann").send("Hello from a phone");
        chat.awaitReply("complete");
        BoundingBox folded = chat.page.locator("#sidebar").boundingBox();
        assertTrue(folded.x + folded.width <= 0, "the list is off screen");
        tab.screenshot("phone");
        chat.button("Show conversations").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.page.locator("#sidebar").boundingBox().x >= 0);
        Object unnamed = chat.page.evaluate("""
                () => [...document.querySelectorAll('button, input, select, textarea')]
                  .filter(control => control.offsetParent !== null)
                  .filter(control => !(control.labels?.length || control.getAttribute('aria-label')
                    || control.textContent.trim()))
                  .map(control => control.outerHTML)""");
        assertEquals(List.of(), unnamed);
    }

    @Test
    void theKeyboardAloneSignsInAndChats() {
        Keyboard keys = chat.page.keyboard();
        assertThat(chat.page.getByLabel("E-mail address")).isFocused(); // the dialog opens there
        keys.type(email);
        keys.press("Tab");
        keys.type("Kay");
        keys.press("Enter");
        assertThat(chat.page.locator("#who")).hasText("Signed in as " + email);
        assertThat(chat.page.getByLabel("Your message")).isFocused(); // where a new chat starts
        keys.type("Typed only");
        keys.press("Shift+Enter");
        keys.type("on two lines");
        keys.press("Enter");
        chat.awaitReply("complete");
        assertThat(chat.lastUserMessage().locator(".message-text")).hasText("Typed only\non two lines");
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("require-trusted-types-for 'script'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
        given().get("/_static/dompurify/dist/purify.es.mjs").then().statusCode(200);
        given().get("/me").then().statusCode(200).body("authMode", equalTo("email")).body("administrator", equalTo(false));
    }
}
