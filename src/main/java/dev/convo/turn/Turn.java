package dev.convo.turn;

import java.util.List;
import java.util.Locale;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatMessage;

/**
 * One stored turn: the conversation, the user's message, the reply still to be written, and the history the model
 * is to see (oldest first, ending with the user's message).
 */
public record Turn(Conversation conversation, Message user, Message reply, List<Message> history) {

    /** The history as the model API's messages. */
    public List<ChatMessage> modelHistory() {
        return history.stream()
                .map(message -> new ChatMessage(message.role.name().toLowerCase(Locale.ROOT), message.text))
                .toList();
    }

    /** Whether this is the first reply of a new conversation (the one a generated title follows). */
    public boolean isFirstReply() {
        return user.seq == 1 && reply.version == 1;
    }

    /** Adds the ids of what was stored to the problem a failed reply is answered with. */
    public ProblemException withIds(ProblemException problem) {
        return problem.with("conversationId", conversation.id.toHexString())
                .with("userMessageId", user.id.toHexString())
                .with("assistantMessageId", reply.id.toHexString());
    }
}
