package dev.convo.portability;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.ConversationSettings;
import dev.convo.conversation.Feedback;
import dev.convo.conversation.Message;
import dev.convo.share.Share;
import dev.convo.usage.DailyUsage;
import dev.convo.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The export document, written piece by piece and read back by import: what the service holds about a user, with
 * every branch and version of every conversation. Its {@code format} names it; fields may be added, never changed.
 */
public final class ExportFormat {

    /** What the document's {@code format} says. */
    public static final String FORMAT = "convo-export/1";

    private ExportFormat() {
    }

    @RegisterForReflection
    @Schema(name = "ExportedUser", requiredProperties = { "id", "name", "email", "createdAt" })
    public record ExportedUser(String id, String name, String email, Instant createdAt) {

        static ExportedUser of(User user) {
            return new ExportedUser(user.id.toHexString(), user.name, user.email, user.createdAt);
        }
    }

    /** A conversation without its messages, which follow it in the document. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ExportedConversation", requiredProperties = { "id", "title", "state", "createdAt", "messages" })
    public record ExportedConversation(String id, String title,
            @Schema(enumeration = { "active", "deleted", "importing" }) String state, Instant createdAt, Instant lastActivityAt,
            Instant deletedAt, Settings settings, String activeLeafId, List<ExportedMessage> messages) {

        static ExportedConversation of(Conversation conversation) {
            return new ExportedConversation(conversation.id.toHexString(), conversation.title,
                    conversation.state.name().toLowerCase(Locale.ROOT), conversation.createdAt,
                    conversation.lastActivityAt, conversation.deletedAt, Settings.of(conversation.settings),
                    conversation.activeLeafId == null ? null : conversation.activeLeafId.toHexString(), null);
        }
    }

    /** The settings of a conversation or of one reply. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ExportedSettings")
    public record Settings(String model, String systemPrompt, Double temperature, Double topP, Integer maxTokens) {

        static Settings of(ConversationSettings settings) {
            return settings == null ? null : new Settings(settings.model, settings.systemPrompt, settings.temperature,
                    settings.topP, settings.maxTokens);
        }
    }

    /** A rating of a reply. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ExportedFeedback", requiredProperties = { "rating", "at" })
    public record ExportedFeedback(@Schema(enumeration = { "up", "down" }) String rating, String comment, Instant at) {

        static ExportedFeedback of(Feedback feedback) {
            return feedback == null ? null : new ExportedFeedback(feedback.rating.shown(), feedback.comment, feedback.at);
        }
    }

    /** A message, every version and branch of it: {@code parentId} links the tree. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ExportedMessage", requiredProperties = { "id", "seq", "role", "text", "status", "createdAt" })
    public record ExportedMessage(String id, String parentId, String replyTo, long seq,
            @Schema(enumeration = { "user", "assistant", "system" }) String role, String text,
            @Schema(enumeration = { "pending", "streaming", "complete", "failed", "stopped" }) String status,
            Instant createdAt, Instant completedAt, Instant supersededAt, Integer version, String model,
            Settings settings, ExportedFeedback feedback, Integer promptTokens, Integer completionTokens,
            String finishReason, Long latencyMs, String errorCode) {

        static ExportedMessage of(Message message) {
            return new ExportedMessage(message.id.toHexString(), hex(message.parentId), hex(message.replyTo), message.seq,
                    message.role.name().toLowerCase(Locale.ROOT), message.text,
                    message.status.name().toLowerCase(Locale.ROOT), message.createdAt, message.completedAt,
                    message.supersededAt, message.role == Message.Role.ASSISTANT ? message.version : null, message.model,
                    Settings.of(message.settings), ExportedFeedback.of(message.feedback), message.promptTokens,
                    message.completionTokens, message.finishReason, message.latencyMs, message.errorCode);
        }
    }

    /** One UTC day of model usage. */
    @RegisterForReflection
    @Schema(name = "ExportedUsageDay", requiredProperties = { "day", "replies", "promptTokens", "completionTokens" })
    public record UsageDay(String day, long replies, long promptTokens, long completionTokens) {

        static UsageDay of(DailyUsage usage) {
            return new UsageDay(usage.day, usage.replies, usage.promptTokens, usage.completionTokens);
        }
    }

    /** A live share link. */
    @RegisterForReflection
    @Schema(name = "ExportedShareLink", requiredProperties = { "token", "conversationId", "createdAt" })
    public record ShareLink(String token, String conversationId, String title, Instant createdAt, int messageCount) {

        static ShareLink of(Share share) {
            return new ShareLink(share.token, share.conversationId.toHexString(), share.title, share.createdAt,
                    share.messageCount);
        }
    }

    /** The whole document, as the contract describes it (it is written piece by piece, never held whole). */
    @Schema(name = "UserExport", requiredProperties = { "format", "exportedAt", "user", "conversations", "usage", "shares" })
    public record Document(@Schema(enumeration = FORMAT) String format, Instant exportedAt, ExportedUser user,
            List<ExportedConversation> conversations, List<UsageDay> usage, List<ShareLink> shares) {
    }

    private static String hex(org.bson.types.ObjectId id) {
        return id == null ? null : id.toHexString();
    }
}
