package dev.convo.conversation;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A conversation as the API shows it.
 */
@RegisterForReflection // also written into idempotency records, outside resource signatures
@Schema(name = "Conversation", requiredProperties = { "id", "userId", "userEmail", "title", "messageCount", "createdAt", "lastActivityAt" })
public record ConversationView(String id, String userId, String userEmail, String title, long messageCount,
        Instant createdAt, Instant lastActivityAt) {

    static ConversationView of(Conversation conversation) {
        return new ConversationView(conversation.id.toHexString(), conversation.ownerId.toHexString(),
                conversation.ownerEmail, conversation.title, conversation.messageCount, conversation.createdAt,
                conversation.lastActivityAt);
    }
}
