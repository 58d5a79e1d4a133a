package dev.convo.conversation;

import java.time.Instant;

/**
 * A conversation as the API shows it.
 */
public record ConversationView(String id, String userId, String userEmail, String title, long messageCount,
        Instant createdAt, Instant lastActivityAt) {

    static ConversationView of(Conversation conversation) {
        return new ConversationView(conversation.id.toHexString(), conversation.ownerId.toHexString(),
                conversation.ownerEmail, conversation.title, conversation.messageCount, conversation.createdAt,
                conversation.lastActivityAt);
    }
}
