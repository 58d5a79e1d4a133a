package dev.convo.portability;

import java.time.Instant;
import java.util.List;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.ConversationSettings;
import dev.convo.conversation.Feedback;
import dev.convo.conversation.Message;

/**
 * A conversation read from an import file and checked, whatever its source, before anything is stored: its messages
 * come parents first, each naming its parent by the source's id ({@code null}: it starts the conversation).
 */
record Imported(String sourceId, String title, Conversation.State state, Instant createdAt, Instant lastActivityAt,
        Instant deletedAt, ConversationSettings settings, String activeLeafSourceId, List<Entry> messages) {

    /** One message as the source had it. */
    record Entry(String sourceId, String parentSourceId, Message.Role role, String text, Message.Status status,
            Instant createdAt, Instant completedAt, Instant supersededAt, String model, String errorCode,
            ConversationSettings settings, Feedback feedback, Integer promptTokens, Integer completionTokens,
            String finishReason, Long latencyMs) {

        /** A finished message with only what every source has. */
        static Entry plain(String sourceId, String parentSourceId, Message.Role role, String text, Instant createdAt,
                String model) {
            return new Entry(sourceId, parentSourceId, role, text, Message.Status.COMPLETE, createdAt, createdAt, null,
                    model, null, null, null, null, null, null, null);
        }
    }
}
