package dev.convo.turn;

import java.util.ArrayList;
import java.util.List;

import dev.convo.conversation.ContextEntry;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.error.ProblemException;
import dev.convo.llm.HistoryMessage;
import dev.convo.llm.ReplySettings;

/**
 * One stored turn: the conversation, the user's message, the reply still to be written, the history the model is to
 * see (oldest first, ending with the user's message), whether the conversation holds the user's message in its
 * history already (else it joins when the reply ends), and what the model is asked with.
 */
public record Turn(Conversation conversation, Message user, Message reply, List<ContextEntry> history,
        boolean userRemembered, ReplySettings settings) {

    /** The history as the model API's messages, with the token counts stored with them. */
    public List<HistoryMessage> modelHistory() {
        return history.stream().map(ContextEntry::toHistory).toList();
    }

    /**
     * What joins the conversation's history now that the reply has ended: the user's message if it is not there yet
     * (a failed reply leaves its question in the history, as the messages do), and the reply if the user saw it.
     */
    List<ContextEntry> ended(Integer replyTokens) {
        List<ContextEntry> entries = new ArrayList<>(2);
        if (!userRemembered) {
            entries.add(history.get(history.size() - 1));
        }
        if (reply.status == Message.Status.COMPLETE || reply.status == Message.Status.STOPPED) {
            entries.add(ContextEntry.of(reply, replyTokens));
        }
        return entries;
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
