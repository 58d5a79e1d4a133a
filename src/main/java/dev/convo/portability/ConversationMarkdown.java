package dev.convo.portability;

import java.time.format.DateTimeFormatter;
import java.util.List;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;

/**
 * One conversation's branch shown as a Markdown document: its title, then each message under its author's name. The
 * texts are Markdown already and go in as they are; the title is kept on one line.
 */
final class ConversationMarkdown {

    private ConversationMarkdown() {
    }

    static String of(Conversation conversation, List<Message> branch) {
        StringBuilder markdown = new StringBuilder("# ")
                .append(conversation.title == null ? "Conversation" : conversation.title.replaceAll("\\s+", " ").strip())
                .append("\n\n");
        for (Message message : branch) {
            markdown.append("### ").append(author(message)).append(" · ")
                    .append(DateTimeFormatter.ISO_INSTANT.format(message.createdAt)).append("\n\n")
                    .append(message.text == null ? "" : message.text.strip()).append("\n\n");
            if (message.status == Message.Status.STOPPED) {
                markdown.append("*(stopped)*\n\n");
            }
        }
        return markdown.toString();
    }

    private static String author(Message message) {
        return switch (message.role) {
            case USER -> "User";
            case SYSTEM -> "System";
            case ASSISTANT -> message.model == null ? "Assistant" : "Assistant (" + message.model.replaceAll("[\\r\\n]", " ") + ")";
        };
    }
}
