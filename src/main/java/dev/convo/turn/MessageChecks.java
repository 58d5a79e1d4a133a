package dev.convo.turn;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemException;
import dev.convo.llm.ContextWindow;
import dev.convo.llm.ReplySettings;

/**
 * The checks of a new message's text before anything is stored, for every kind of turn (new, posted, edited).
 */
@ApplicationScoped
class MessageChecks {

    private final ChatConfig chat;
    private final ContextWindow context;

    MessageChecks(ChatConfig chat, ContextWindow context) {
        this.chat = chat;
        this.context = context;
    }

    /** Refuses a text that is too long (400 naming {@code field}), or too long for the model's context (413). */
    void check(String text, String field, ReplySettings settings) {
        if (text.length() > chat.maxMessageLength()) {
            throw ProblemException.invalidField(field, "must be at most " + chat.maxMessageLength() + " characters");
        }
        context.checkFits(settings, text);
    }
}
