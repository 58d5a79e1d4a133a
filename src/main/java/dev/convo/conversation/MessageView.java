package dev.convo.conversation;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message as the API shows it; model details appear on assistant messages only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(String id, String conversationId, long seq, String role, String text, String status,
        Instant createdAt, Instant completedAt, String model, Usage usage, String finishReason, Long latencyMs,
        String errorCode) {

    /** Tokens the upstream counted for the call that wrote this message. */
    public record Usage(Integer promptTokens, Integer completionTokens) {
    }

    static MessageView of(Message message) {
        Usage usage = message.promptTokens == null && message.completionTokens == null ? null
                : new Usage(message.promptTokens, message.completionTokens);
        return new MessageView(message.id.toHexString(), message.conversationId.toHexString(), message.seq,
                lower(message.role), message.text, lower(message.status), message.createdAt, message.completedAt,
                message.model, usage, message.finishReason, message.latencyMs, message.errorCode);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
