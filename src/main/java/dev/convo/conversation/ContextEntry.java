package dev.convo.conversation;

import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.bson.Document;
import org.bson.types.ObjectId;

import dev.convo.llm.HistoryMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One message as the model is to see it, kept on its conversation among the most recent ones (the MongoDB "subset
 * pattern"): what a turn needs of its history comes with the conversation it reserves, in one document, instead of
 * a query over the messages; its token count is stored once instead of counted at every turn.
 */
@RegisterForReflection
public class ContextEntry {

    /** The message's id (not {@code id}, which the codec would store as this entry's own {@code _id}). */
    public ObjectId messageId;
    public long seq;
    public Message.Role role;
    public String text;
    /** Its tokens (for a reply, a bound that never undercounts); null if not counted when it was stored. */
    public Integer tokens;
    public Instant createdAt;

    public static ContextEntry of(Message message, Integer tokens) {
        ContextEntry entry = new ContextEntry();
        entry.messageId = message.id;
        entry.seq = message.seq;
        entry.role = message.role;
        entry.text = message.text;
        entry.tokens = tokens;
        entry.createdAt = message.createdAt;
        return entry;
    }

    public HistoryMessage toHistory() {
        return new HistoryMessage(role.name().toLowerCase(Locale.ROOT), text, tokens);
    }

    /** The user message this entry keeps, as stored (a user message is complete as soon as it is stored). */
    public Message toUserMessage(ObjectId conversationId) {
        Message message = Message.fromUser(conversationId, seq, text);
        message.id = messageId;
        message.createdAt = createdAt;
        message.completedAt = createdAt;
        return message;
    }

    /** The entry as the document pushed onto its conversation; the fields are the ones the class is read with. */
    Document toDocument() {
        return new Document("messageId", messageId).append("seq", seq).append("role", role.name()).append("text", text)
                .append("tokens", tokens).append("createdAt", Date.from(createdAt));
    }
}
