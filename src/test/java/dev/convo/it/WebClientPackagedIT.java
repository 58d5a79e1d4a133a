package dev.convo.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import dev.convo.testing.Browser;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.PackagedService;

/**
 * The web client served by the packaged service (production profile, CHAT_WEB_CLIENT=true): its libraries found
 * without versions in their paths from the jar, a streamed reply, and a reload in the middle of one, in Chromium.
 */
class WebClientPackagedIT {

    private final MongoWireServer mongo = new MongoWireServer();
    private final FakeLlm llm = new FakeLlm();
    private PackagedService service;

    @AfterEach
    void stopEverything() {
        if (service != null) {
            service.process().destroyForcibly();
        }
        llm.stop();
        mongo.stop();
    }

    @Test
    void aNewUserChatsAndAReloadMidReplyResumesIt() throws Exception {
        service = PackagedService.start("web-client-it", mongo.start().get("quarkus.mongodb.connection-string"),
                llm.start(), Map.of("chat.web-client", "true"));
        try (Browser.Tab tab = Browser.open()) {
            Page page = tab.page;
            page.navigate(service.base() + "/");
            page.getByLabel("E-mail address").fill("packaged@example.com");
            page.getByLabel("Your name (new accounts)").fill("Pat");
            button(page, "Continue").click();
            assertThat(page.locator("#who")).hasText("Signed in as packaged@example.com");
            page.getByLabel("Your message").fill("Hello [[tokens 150]] [[token-delay 30]]");
            button(page, "Send").click();
            assertThat(page.locator("#messages li.from-assistant")).hasAttribute("data-status", "streaming");
            page.reload();
            assertThat(page.locator("#messages li.from-assistant")).hasAttribute("data-status", "streaming");
            assertThat(page.locator("#messages li.from-assistant")).hasAttribute("data-status", "complete");
            assertEquals(FakeLlm.words(150), page.locator("#messages li.from-assistant .message-text").innerText().strip());
            assertEquals(List.of(), tab.errors());
        }
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
