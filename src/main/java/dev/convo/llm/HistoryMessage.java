package dev.convo.llm;

import java.util.List;

/**
 * A message of the history sent to the model, with its token count when it is known already (stored with the
 * message, so that a long conversation is not counted again at every turn); {@code null} when it is not.
 */
public record HistoryMessage(ChatMessage message, Integer tokens) {

    public HistoryMessage(String role, String content, Integer tokens) {
        this(new ChatMessage(role, content), tokens);
    }

    /** Messages whose tokens are not known: counted if the context window needs to. */
    public static List<HistoryMessage> uncounted(List<ChatMessage> messages) {
        return messages.stream().map(message -> new HistoryMessage(message, null)).toList();
    }
}
