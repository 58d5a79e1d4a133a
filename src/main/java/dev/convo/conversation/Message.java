package dev.convo.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static dev.convo.mongo.FlatFilter.allOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.convo.error.ProblemCode;
import dev.convo.mongo.CollectionPlan;
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

    /**
     * Where a message is in its life: an assistant message starts {@code PENDING} (a plain call) or
     * {@code STREAMING}, and ends {@code COMPLETE}, {@code FAILED} or {@code STOPPED} (by its owner).
     */
    public enum Status {
        PENDING,
        STREAMING,
        COMPLETE,
        FAILED,
        STOPPED;

        public boolean isFinished() {
            return this == COMPLETE || this == FAILED || this == STOPPED;
        }
    }

    private static final List<String> UNFINISHED_STATUSES = List.of(Status.PENDING.name(), Status.STREAMING.name());

    /** Messages sent back to the model as history: what the user saw; failed and unfinished replies are not. */
    private static final List<String> CONTEXT_STATUSES = List.of(Status.COMPLETE.name(), Status.STOPPED.name());

    public ObjectId conversationId;
    public long seq;
    public Role role;
    public String text;
    public Status status;
    public Instant createdAt;
    public Instant completedAt;
    /** The model that wrote an assistant message, as the upstream named it. */
    public String model;
    /** What an assistant message was asked with: the catalogue's model, and the settings sent (null before them). */
    public ConversationSettings settings;
    /** The owner's rating of an assistant message, if any. */
    public Feedback feedback;
    public Integer promptTokens;
    public Integer completionTokens;
    public String finishReason;
    /** How long the upstream took to answer, in milliseconds. */
    public Long latencyMs;
    /** Why an assistant message failed, as the problem code the client was given. */
    public String errorCode;
    /** The user message an assistant message answers. */
    public ObjectId replyTo;
    /**
     * The message this one follows in its conversation's tree: a reply's user message, a user message's previous reply
     * on its branch, or the conversation's own id for a first message. {@code null} in a conversation stored as a
     * line, before branches (its parents are found by its order: {@link MessageTree#legacyParents}).
     */
    public ObjectId parentId;
    /** Which version of the answer to {@link #replyTo} this is, from 1; regenerating adds one. */
    public int version;
    /** When a newer version replaced this reply; superseded replies are kept but not sent to the model. */
    public Instant supersededAt;
    /**
     * While a reply is unfinished, when it was last shown alive (created, or its streamed text saved); removed when it
     * ends, so that the index over it holds only the replies being written.
     */
    public Instant updatedAt;
    /** Set by the owner's stop request; whichever replica is generating the reply sees it and stops. */
    public boolean stopRequested;

    public static Message fromUser(ObjectId conversationId, long seq, String text) {
        return fromUser(conversationId, seq, text, null);
    }

    /** A user message following {@code parentId} on its branch ({@code null}: in a conversation stored as a line). */
    public static Message fromUser(ObjectId conversationId, long seq, String text, ObjectId parentId) {
        Message message = create(conversationId, seq, Role.USER, Status.COMPLETE);
        message.parentId = parentId;
        message.text = text;
        message.completedAt = message.createdAt;
        return message;
    }

    /**
     * A reply to {@code user} still to be written with {@code settings}: {@code STREAMING} when it is streamed, else
     * {@code PENDING}.
     */
    public static Message pendingReply(Message user, long seq, boolean streamed, int version,
            ConversationSettings settings) {
        Message message = create(user.conversationId, seq, Role.ASSISTANT, streamed ? Status.STREAMING : Status.PENDING);
        message.text = "";
        message.replyTo = user.id;
        message.parentId = user.id;
        message.version = version;
        message.updatedAt = message.createdAt;
        message.settings = settings;
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
    public static Uni<Void> insertTurn(Message user, Message reply) {
        return collection().insertMany(List.of(user, reply)).replaceWithVoid();
    }

    public static Uni<Void> deleteTurn(Message user, Message reply) {
        return collection().deleteMany(allOf(eq("conversationId", user.conversationId), in("_id", user.id, reply.id)))
                .replaceWithVoid();
    }

    /**
     * Records the model's reply on this pending message, in memory and in the database; gives whether this call
     * stored the end (not if the reply had ended meanwhile, e.g. marked abandoned).
     */
    public Uni<Boolean> complete(ModelReply reply) {
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
        return updateUnfinished(Updates.combine(Updates.set("text", text), Updates.set("status", status.name()),
                Updates.set("completedAt", Date.from(completedAt)), Updates.set("model", model),
                Updates.set("finishReason", finishReason), Updates.set("latencyMs", latencyMs),
                Updates.set("promptTokens", promptTokens), Updates.set("completionTokens", completionTokens),
                Updates.unset("updatedAt")));
    }

    /** Records that no (full) reply could be had, and why; the text written so far is kept. */
    public Uni<Boolean> fail(ProblemCode code, String partialText) {
        status = Status.FAILED;
        errorCode = code.code();
        return finish(partialText);
    }

    /** Records that the owner stopped the reply; the text written so far is kept. */
    public Uni<Boolean> stop(String partialText) {
        status = Status.STOPPED;
        return finish(partialText);
    }

    private Uni<Boolean> finish(String finalText) {
        text = finalText;
        completedAt = Conversation.now();
        return updateUnfinished(Updates.combine(Updates.set("status", status.name()), Updates.set("errorCode", errorCode),
                Updates.set("text", text), Updates.set("completedAt", Date.from(completedAt)), Updates.unset("updatedAt")));
    }

    /** Marks this reply replaced by a newer version, if it is not already; returns whether this call did. */
    public Uni<Boolean> supersede() {
        return collection().updateOne(allOf(eq("_id", id), eq("conversationId", conversationId), eq("supersededAt", null)),
                Updates.set("supersededAt", Date.from(Conversation.now()))).map(result -> result.getModifiedCount() > 0);
    }

    /** The message {@code id} of this conversation (the conversation is the shard key: the read goes to one shard). */
    public static Uni<Message> byId(ObjectId conversationId, ObjectId id) {
        return collection().find(allOf(eq("_id", id), eq("conversationId", conversationId))).collect().first();
    }

    public boolean isSuperseded() {
        return supersededAt != null;
    }

    /** Gives the finished reply {@code id} of this conversation its owner's feedback; empty if it is not one. */
    static Uni<Message> rate(ObjectId conversationId, ObjectId id, Feedback feedback) {
        return collection().findOneAndUpdate(allOf(eq("_id", id), eq("conversationId", conversationId),
                eq("role", Role.ASSISTANT.name()),
                in("status", Status.COMPLETE.name(), Status.STOPPED.name(), Status.FAILED.name())),
                Updates.set("feedback", new Document("rating", feedback.rating.name())
                        .append("comment", feedback.comment).append("at", Date.from(feedback.at))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /** Takes the feedback off the message {@code id} of this conversation, if it has any. */
    static Uni<Void> unrate(ObjectId conversationId, ObjectId id) {
        return collection().updateOne(allOf(eq("_id", id), eq("conversationId", conversationId)),
                Updates.unset("feedback")).replaceWithVoid();
    }

    /**
     * One page of rated replies, most recently rated first, rated at or after {@code since} (with {@code rating}
     * when given), starting after {@code after}. Administrators only: a read of every shard, by the partial index.
     */
    static Uni<List<Message>> rated(Instant since, Feedback.Rating rating, Cursors.FeedbackPosition after, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.exists("feedback.at")));
        if (since != null) {
            filters.add(Filters.gte("feedback.at", Date.from(since)));
        }
        if (rating != null) {
            filters.add(eq("feedback.rating", rating.name()));
        }
        if (after != null) {
            Date at = Date.from(after.at());
            filters.add(Filters.or(lt("feedback.at", at), allOf(eq("feedback.at", at), lt("_id", after.id()))));
        }
        return collection().find(Filters.and(filters), new FindOptions()
                .sort(Sorts.descending("feedback.at", "_id")).limit(limit)).collect().asList();
    }

    /** The messages {@code ids} of these conversations (each query names its conversations: the shards asked). */
    static Uni<List<Message>> byIds(Collection<ObjectId> conversationIds, Collection<ObjectId> ids) {
        return collection().find(allOf(in("conversationId", conversationIds), in("_id", ids))).collect().asList();
    }

    /**
     * Writes the end of this reply unless it has ended already (e.g. marked abandoned): an end is never rewritten.
     * Gives whether this call wrote it.
     */
    private Uni<Boolean> updateUnfinished(Bson update) {
        return collection().updateOne(allOf(eq("_id", id), eq("conversationId", conversationId),
                in("status", UNFINISHED_STATUSES)), update).map(result -> result.getMatchedCount() > 0);
    }

    /** The last {@code count} messages up to {@code seq} that the model should see, oldest first. */
    public static Uni<List<Message>> history(ObjectId conversationId, long seq, int count) {
        Bson filter = allOf(eq("conversationId", conversationId), lte("seq", seq), in("status", CONTEXT_STATUSES),
                eq("supersededAt", null));
        return newestFirst(filter, count);
    }

    /** Up to {@code limit} messages before sequence number {@code before}, oldest first. */
    static Uni<List<Message>> pageBefore(ObjectId conversationId, long before, int limit) {
        return newestFirst(allOf(eq("conversationId", conversationId), lt("seq", before)), limit);
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

    /** Up to {@code limit} messages numbered below {@code belowSeq}, newest first (a tree is walked up in batches). */
    static Uni<List<Message>> newestBelow(ObjectId conversationId, long belowSeq, int limit) {
        return collection().find(allOf(eq("conversationId", conversationId), lt("seq", belowSeq)),
                new FindOptions().sort(Sorts.descending("seq")).limit(limit)).collect().asList();
    }

    /** How the messages numbered from {@code fromSeq} hang together (ids, parents, numbers), to find a branch's leaf. */
    static Uni<List<Message>> linksFrom(ObjectId conversationId, long fromSeq) {
        return collection().find(allOf(eq("conversationId", conversationId), Filters.gte("seq", fromSeq)),
                new FindOptions().projection(Projections.include("_id", "parentId", "seq", "replyTo", "role")))
                .collect().asList();
    }

    /** The messages following any of {@code parents} (the versions of each message of a branch), by number. */
    static Uni<List<Message>> childrenOf(ObjectId conversationId, Collection<ObjectId> parents) {
        return collection().find(allOf(eq("conversationId", conversationId), in("parentId", parents)),
                new FindOptions().sort(Sorts.ascending("seq"))).collect().asList();
    }

    /** Every message of the conversation, oldest first, as much as a tree needs of them (to give a line its parents). */
    static Uni<List<Message>> linksOf(ObjectId conversationId) {
        return collection().find(eq("conversationId", conversationId), new FindOptions()
                .projection(Projections.include("_id", "parentId", "seq", "replyTo", "role", "supersededAt"))
                .sort(Sorts.ascending("seq"))).collect().asList();
    }

    /** Writes the parents of a conversation's messages (once, when a line becomes a tree), in one round trip. */
    static Uni<Void> setParents(ObjectId conversationId, Map<ObjectId, ObjectId> parents) {
        if (parents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UpdateOneModel<Message>> updates = parents.entrySet().stream()
                .map(parent -> new UpdateOneModel<Message>(allOf(eq("_id", parent.getKey()),
                        eq("conversationId", conversationId), eq("parentId", null)),
                        Updates.set("parentId", parent.getValue())))
                .toList();
        return collection().bulkWrite(updates, new BulkWriteOptions().ordered(false)).replaceWithVoid();
    }

    /**
     * The newest message of each of these conversations whose text matches {@code pattern} (ids, numbers, role, text
     * only), read within {@code maxTime}: one aggregation over the conversations' messages, which names them (on a
     * real MongoDB the conversation index bounds the scan to them); the text is matched where it is stored.
     */
    public static Uni<List<Message>> newestMatching(Collection<ObjectId> conversationIds, String pattern,
            java.time.Duration maxTime) {
        List<Bson> pipeline = List.of(
                Aggregates.match(allOf(in("conversationId", conversationIds), Filters.regex("text", pattern))),
                Aggregates.sort(Sorts.descending("seq")),
                Aggregates.group("$conversationId", Accumulators.first("messageId", "$_id"),
                        Accumulators.first("seq", "$seq"), Accumulators.first("role", "$role"),
                        Accumulators.first("text", "$text")));
        return collection().aggregate(pipeline, Document.class,
                new io.quarkus.mongodb.AggregateOptions().maxTime(maxTime.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .map(found -> {
                    Message message = new Message();
                    message.id = found.getObjectId("messageId");
                    message.conversationId = found.getObjectId("_id");
                    message.seq = found.get("seq", Number.class).longValue();
                    message.role = Role.valueOf(found.getString("role"));
                    message.text = found.getString("text");
                    return message;
                }).collect().asList();
    }

    /** Every message of a conversation, in order of their numbers (export), read as they are consumed. */
    public static io.smallrye.mutiny.Multi<Message> everyOf(ObjectId conversationId) {
        return collection().find(eq("conversationId", conversationId), new FindOptions().sort(Sorts.ascending("seq")));
    }

    /** Removes every message of these conversations (the purge of deleted ones). */
    public static Uni<Long> deleteOfConversations(List<ObjectId> conversationIds) {
        return collection().deleteMany(in("conversationId", conversationIds)).map(result -> result.getDeletedCount());
    }

    /**
     * Sharded by (conversation, sequence), ranged: a conversation's messages stay together and every message query
     * names its conversation. Conversation ids are random, so new conversations spread over the ranges. The unique
     * index on the shard key is what keeps two turns from ever sharing a number; the partial index over
     * {@code updatedAt} holds only unfinished replies, for the sweep of abandoned ones; the one over {@code feedback.at}
     * only rated replies, for the administrators' list of feedback; the one over {@code parentId} finds the versions of a
     * branch's messages.
     */
    static final CollectionPlan PLAN = new CollectionPlan("messages",
            new Document("conversationId", 1).append("seq", 1), List.of(
                    new IndexModel(Indexes.ascending("conversationId", "seq"),
                            new IndexOptions().unique(true).name("conversation_seq_unique")),
                    new IndexModel(Indexes.ascending("status", "updatedAt"), new IndexOptions().name("unfinished_replies")
                            .partialFilterExpression(Filters.exists("updatedAt"))),
                    new IndexModel(Indexes.ascending("conversationId", "parentId"), new IndexOptions().name("conversation_parent")),
                    new IndexModel(Indexes.descending("feedback.at", "_id"), new IndexOptions().name("rated_replies")
                            .partialFilterExpression(Filters.exists("feedback.at")))));

    private static ReactiveMongoCollection<Message> collection() {
        return mongoCollection();
    }
}
