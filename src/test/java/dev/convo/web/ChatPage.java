package dev.convo.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import dev.convo.testing.Browser.Tab;

/** The web client as a person uses it: by labels, roles and the texts on screen, not by its insides. */
final class ChatPage {

    final Tab tab;
    final Page page;

    ChatPage(Tab tab) {
        this.tab = tab;
        this.page = tab.page;
    }

    ChatPage open(String url) {
        page.navigate(url);
        return this;
    }

    /** Email mode: gives the address, and a name (used when the address has no account yet). */
    ChatPage signIn(String email, String name) {
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Your name (new accounts)").fill(name);
        button("Continue").click();
        assertThat(page.locator("#sign-in")).isHidden();
        assertThat(page.locator("#who")).hasText("Signed in as " + email);
        return this;
    }

    ChatPage send(String text) {
        page.getByLabel("Your message").fill(text);
        button("Send").click();
        return this;
    }

    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator messages() {
        return page.locator("#messages li.message");
    }

    Locator lastReply() {
        return page.locator("#messages li.message.from-assistant").last();
    }

    Locator lastUserMessage() {
        return page.locator("#messages li.message.from-user").last();
    }

    /** Waits until the last reply has this status (streaming, complete, stopped, failed). */
    ChatPage awaitReply(String status) {
        assertThat(lastReply()).hasAttribute("data-status", status);
        return this;
    }

    /** Waits until the reply being streamed shows more than {@code length} characters. */
    ChatPage awaitReplyLongerThan(int length) {
        // polled from here: the page's CSP forbids evaluating strings in it (waitForFunction would)
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String shown = lastReply().getAttribute("data-length");
            return shown != null && Integer.parseInt(shown) > length;
        });
        return this;
    }

    String replyText() {
        return lastReply().locator(".message-text").innerText().strip();
    }

    Locator conversationList() {
        return page.locator("#conversation-list .conversation-link");
    }

    /** Waits until the conversation's title starts with {@code title}. */
    void awaitTitle(String title) {
        assertThat(page.locator("#conversation-title")).containsText(title);
    }

    /** Waits until the last reply reads exactly {@code text}. */
    void awaitReplyText(String text) {
        assertThat(lastReply().locator(".message-text")).hasText(text);
    }
}
