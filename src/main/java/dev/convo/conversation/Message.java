package dev.convo.conversation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.convo.llm.ModelReply;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntity;
import io.smallrye.mutiny.Uni;

/**
 * One message of a conversation, ordered by its per-conversation sequence number.
 */
@MongoEntity(collection = "messages")
public class Message extends ReactivePanacheMongoEntity {

    /** Who wrote the message. Clients can only write as {@code USER}. */
    public enum Role {
        USER,
        ASSISTANT,
        SYSTEM
    }

    /** Where a message is in its life: assistant messages start {@code PENDING} and end complete or failed. */
    public enum Status {
        PENDING,
        COMPLETE,
        FAILED
    }

    /** Messages that are sent back to the model as history; failed and unfinished replies are not. */
    private static final List<String> CONTEXT_STATUSES = List.of(Status.COMPLETE.name());

    public ObjectId conversationId;
    public long seq;
    public Role role;
    public String text;
    public Status status;
    public Instant createdAt;
    public Instant completedAt;
    /** The model that wrote an assistant message, as the upstream named it. */
    public String model;
    public Integer promptTokens;
    public Integer completionTokens;
    public String finishReason;
    /** How long the upstream took to answer, in milliseconds. */
    public Long latencyMs;
    /** Why an assistant message failed, as the problem code the client was given. */
    public String errorCode;

    static Message fromUser(ObjectId conversationId, long seq, String text) {
        Message message = create(conversationId, seq, Role.USER, Status.COMPLETE);
        message.text = text;
        message.completedAt = message.createdAt;
        return message;
    }

    static Message pendingReply(ObjectId conversationId, long seq) {
        Message message = create(conversationId, seq, Role.ASSISTANT, Status.PENDING);
        message.text = "";
        return message;
    }

    private static Message create(ObjectId conversationId, long seq, Role role, Status status) {
        Message message = new Message();
        message.id = new ObjectId();
        message.conversationId = conversationId;
        message.seq = seq;
        message.role = role;
        message.status = status;
        message.createdAt = Conversation.now();
        return message;
    }

    /** Stores the messages of a turn in one round trip; fails with a duplicate key if their numbers are taken. */
    static Uni<Void> insertTurn(Message user, Message reply) {
        return collection().insertMany(List.of(user, reply)).replaceWithVoid();
    }

    static Uni<Void> deleteTurn(Message user, Message reply) {
        return collection().deleteMany(in("_id", user.id, reply.id)).replaceWithVoid();
    }

    /** Records the model's reply on this pending message, in memory and in the database. */
    Uni<Void> complete(ModelReply reply) {
        text = reply.text();
        status = Status.COMPLETE;
        completedAt = Conversation.now();
        model = reply.model();
        finishReason = reply.finishReason();
        latencyMs = reply.latency().toMillis();
        if (reply.usage() != null) {
            promptTokens = reply.usage().promptTokens();
            completionTokens = reply.usage().completionTokens();
        }
        return updateFields(Updates.combine(Updates.set("text", text), Updates.set("status", status.name()),
                Updates.set("completedAt", Date.from(completedAt)), Updates.set("model", model),
                Updates.set("finishReason", finishReason), Updates.set("latencyMs", latencyMs),
                Updates.set("promptTokens", promptTokens), Updates.set("completionTokens", completionTokens)));
    }

    /** Records that no reply could be had, and why. */
    Uni<Void> fail(String code) {
        status = Status.FAILED;
        errorCode = code;
        completedAt = Conversation.now();
        return updateFields(Updates.combine(Updates.set("status", status.name()), Updates.set("errorCode", code),
                Updates.set("completedAt", Date.from(completedAt))));
    }

    private Uni<Void> updateFields(Bson update) {
        return collection().updateOne(eq("_id", id), update).replaceWithVoid();
    }

    /** The last {@code count} messages up to {@code seq} that the model should see, oldest first. */
    static Uni<List<Message>> history(ObjectId conversationId, long seq, int count) {
        Bson filter = and(eq("conversationId", conversationId), lte("seq", seq), in("status", CONTEXT_STATUSES));
        return newestFirst(filter, count);
    }

    /** Up to {@code limit} messages before sequence number {@code before}, oldest first. */
    static Uni<List<Message>> pageBefore(ObjectId conversationId, long before, int limit) {
        return newestFirst(and(eq("conversationId", conversationId), lt("seq", before)), limit);
    }

    private static Uni<List<Message>> newestFirst(Bson filter, int limit) {
        return collection().find(filter, new FindOptions().sort(Sorts.descending("seq")).limit(limit))
                .collect().asList()
                .map(messages -> {
                    List<Message> oldestFirst = new ArrayList<>(messages);
                    Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    /** The unique (conversation, sequence) index is what keeps two turns from ever sharing a number. */
    public static Uni<Void> createIndexes() {
        return collection().createIndex(Indexes.ascending("conversationId", "seq"),
                new IndexOptions().unique(true).name("conversation_seq_unique")).replaceWithVoid();
    }

    private static ReactiveMongoCollection<Message> collection() {
        return mongoCollection();
    }
}
