package dev.convo.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bson.types.ObjectId;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message as the API shows it; model details appear on assistant messages only, and a regenerated reply lists
 * its earlier versions.
 */
@RegisterForReflection // also written into stream events and idempotency records, outside resource signatures
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Message", requiredProperties = { "id", "conversationId", "seq", "role", "text", "status", "createdAt" })
public record MessageView(String id, String conversationId, long seq,
        @Schema(enumeration = { "user", "assistant", "system" }) String role, String text,
        @Schema(enumeration = { "pending", "streaming", "complete", "failed", "stopped" }) String status,
        Instant createdAt, Instant completedAt, String model, Usage usage, String finishReason, Long latencyMs,
        String errorCode, String replyTo, Integer version, List<MessageView> versions,
        SettingsView settings, FeedbackViews.FeedbackView feedback,
        @Schema(description = "The message this one follows on its branch (the conversation's id for a first message); not on conversations stored before branches") String parentId,
        @Schema(description = "Which version this is of the messages that follow the same parent (edits of a user message, versions of a reply), from 1") Integer versionIndex,
        @Schema(description = "How many versions there are") Integer versionCount,
        @Schema(description = "The ids of all versions, oldest first, this one included: activate one to switch branch") List<String> versionIds) {

    /** Tokens the upstream counted for the call that wrote this message. */
    @Schema(name = "TokenUsage")
    @RegisterForReflection
    public record Usage(Integer promptTokens, Integer completionTokens) {
    }

    public static MessageView of(Message message) {
        return of(message, null);
    }

    /**
     * The messages of a page, oldest first, where each reply lists its earlier (superseded) versions under
     * {@code versions} instead of standing in the list itself.
     */
    static List<MessageView> listOf(List<Message> messages) {
        Map<ObjectId, Message> latest = new HashMap<>();
        Map<ObjectId, List<MessageView>> earlier = new HashMap<>();
        for (Message message : messages) {
            if (message.role == Message.Role.ASSISTANT && message.replyTo != null && !message.isSuperseded()) {
                latest.put(message.replyTo, message);
            }
        }
        for (Message message : messages) {
            if (message.isSuperseded() && latest.containsKey(message.replyTo)) {
                earlier.computeIfAbsent(message.replyTo, key -> new ArrayList<>()).add(of(message));
            }
        }
        return messages.stream()
                .filter(message -> !message.isSuperseded() || !latest.containsKey(message.replyTo))
                .map(message -> of(message, message.isSuperseded() ? null : earlier.get(message.replyTo)))
                .toList();
    }

    /**
     * The messages of a branch, oldest first, each saying which of its versions it is; a reply also lists its other
     * versions under {@code versions}.
     */
    static List<MessageView> branchOf(List<Message> path, Map<ObjectId, List<Message>> versionsByParent) {
        List<MessageView> views = new ArrayList<>(path.size());
        for (Message message : path) {
            List<Message> versions = versionsByParent.getOrDefault(message.parentId, List.of(message));
            List<MessageView> others = message.role != Message.Role.ASSISTANT || versions.size() < 2 ? null
                    : versions.stream().filter(other -> !other.id.equals(message.id)).map(MessageView::of).toList();
            MessageView view = of(message, others);
            views.add(view.inBranch(versions.indexOf(versions.stream().filter(other -> other.id.equals(message.id))
                    .findFirst().orElse(message)) + 1, versions.stream().map(other -> other.id.toHexString()).toList()));
        }
        return views;
    }

    private MessageView inBranch(int index, List<String> ids) {
        return new MessageView(id, conversationId, seq, role, text, status, createdAt, completedAt, model, usage,
                finishReason, latencyMs, errorCode, replyTo, version, versions, settings, feedback, parentId,
                Math.max(index, 1), ids.size(), ids);
    }

    static MessageView of(Message message, List<MessageView> versions) {
        Usage usage = message.promptTokens == null && message.completionTokens == null ? null
                : new Usage(message.promptTokens, message.completionTokens);
        return new MessageView(message.id.toHexString(), message.conversationId.toHexString(), message.seq,
                lower(message.role), message.text, lower(message.status), message.createdAt, message.completedAt,
                message.model, usage, message.finishReason, message.latencyMs, message.errorCode,
                message.replyTo == null ? null : message.replyTo.toHexString(),
                message.role == Message.Role.ASSISTANT ? message.version : null, versions,
                message.settings == null ? null : SettingsView.of(message.settings, message.settings.model),
                FeedbackViews.FeedbackView.of(message.feedback),
                message.parentId == null ? null : message.parentId.toHexString(), null, null, null);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
