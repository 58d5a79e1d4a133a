package dev.convo.conversation;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.convo.turn.Turn;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The bodies the conversation and message routes answer with.
 */
public final class ConversationResponses {

    private ConversationResponses() {
    }

    /** Answer of {@code POST /conversations}. */
    @RegisterForReflection // answered inside a Response (idempotency stores it as JSON)
    @Schema(name = "StartedConversation", requiredProperties = { "conversation", "messages" })
    public record Started(ConversationView conversation, List<MessageView> messages) {
    }

    /** Answer of a turn ({@code POST /conversations/{id}/messages}, regenerate): the user's message and the reply. */
    @RegisterForReflection // answered inside a Response (idempotency stores it as JSON)
    @Schema(name = "TurnMessages", requiredProperties = { "messages" })
    public record Posted(List<MessageView> messages) {

        static Posted of(Turn turn) {
            return new Posted(views(turn));
        }
    }

    /** Answer of {@code GET /conversations/{id}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ConversationPage", requiredProperties = { "conversation", "messages" })
    public record Read(ConversationView conversation, List<MessageView> messages, String nextCursor) {
    }

    /** Answer of {@code GET /conversations/user/{email}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "UserConversationsPage", requiredProperties = { "user", "total", "items" })
    public record OwnedBy(Owner user, long total, List<ConversationView> items, String nextCursor) {
    }

    /** The user a list of conversations belongs to. */
    @Schema(name = "ConversationOwner", requiredProperties = { "id", "email" })
    public record Owner(String id, String email) {
    }

    /** Answer about one conversation: renamed or restored. */
    @Schema(name = "ConversationResult", requiredProperties = { "conversation" })
    public record ConversationBody(ConversationView conversation) {
    }

    /** Answer of {@code GET /conversations}. */
    @Schema(name = "AllConversationsPage", requiredProperties = { "page", "limit", "total", "hasMore", "items" })
    public record Listed(int page, int limit, long total, boolean hasMore, List<ConversationView> items) {
    }

    /** Answer of a stop request. */
    @Schema(name = "StopAccepted", requiredProperties = { "message" })
    public record Stopping(MessageView message) {
    }

    static List<MessageView> views(Turn turn) {
        return List.of(MessageView.of(turn.user()), MessageView.of(turn.reply()));
    }
}
