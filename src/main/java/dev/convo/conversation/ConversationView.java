package dev.convo.conversation;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A conversation as the API shows it.
 */
@RegisterForReflection // also written into idempotency records, outside resource signatures
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Conversation", requiredProperties = { "id", "userId", "userEmail", "title", "messageCount", "createdAt", "lastActivityAt", "settings" })
public record ConversationView(String id, String userId, String userEmail, String title, long messageCount,
        Instant createdAt, Instant lastActivityAt, SettingsView settings,
        @Schema(description = "The last message of the branch shown (not on conversations stored before branches, until their first edit or switch)") String activeLeafId) {

    /** A conversation, its model as the catalogue resolves it ({@code model}: the default when it names none). */
    static ConversationView of(Conversation conversation, String model) {
        return new ConversationView(conversation.id.toHexString(), conversation.ownerId.toHexString(),
                conversation.ownerEmail, conversation.title, conversation.messageCount, conversation.createdAt,
                conversation.lastActivityAt, SettingsView.of(conversation.settings, model),
                conversation.tree && conversation.activeLeafId != null ? conversation.activeLeafId.toHexString() : null);
    }
}
