package dev.convo.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static dev.convo.mongo.FlatFilter.allOf;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.convo.conversation.Message.Status;
import dev.convo.error.ProblemCode;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The stored state of replies still being written, which every replica can see and change: a stream's progress, a
 * stop request, the end of an abandoned reply, and the changes a follower waits for. Each write is one document,
 * named with its conversation (the shard key), and says in its filter which state it may change.
 */
public final class UnfinishedReplies {

    private UnfinishedReplies() {
    }

    /**
     * Saves the text of a streaming reply so far, and says whether it should stop: its owner asked, or it is no longer
     * streaming (marked failed as abandoned meanwhile).
     */
    public static Uni<Boolean> saveProgress(Message reply, String partialText) {
        Bson update = Updates.combine(Updates.set("text", partialText), Updates.set("updatedAt", new Date()));
        return collection().findOneAndUpdate(allOf(eq("_id", reply.id), eq("conversationId", reply.conversationId),
                eq("status", Status.STREAMING.name())), update,
                new FindOneAndUpdateOptions().projection(Projections.include("stopRequested")))
                .map(found -> found == null || found.stopRequested);
    }

    /** Asks whichever replica streams this reply to stop it. Empty when it is not streaming. */
    public static Uni<Message> requestStop(ObjectId id, ObjectId conversationId) {
        return collection().findOneAndUpdate(
                allOf(eq("_id", id), eq("conversationId", conversationId), eq("status", Status.STREAMING.name())),
                Updates.set("stopRequested", true), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * Marks this unfinished reply failed with {@code generation_lost} when nothing has shown it alive since
     * {@code before}: the call or the replica writing it is gone. Returns whether it did.
     */
    public static Uni<Boolean> failIfAbandoned(Message reply, Instant before) {
        return collection().updateOne(allOf(eq("_id", reply.id), eq("conversationId", reply.conversationId),
                eq("status", reply.status.name()), lt("updatedAt", Date.from(before))), abandoned())
                .map(result -> result.getModifiedCount() > 0);
    }

    /** Marks every reply of this status that nothing has shown alive since {@code before} failed; returns how many. */
    public static Uni<Long> failAbandoned(Status status, Instant before) {
        return collection().updateMany(allOf(eq("status", status.name()), lt("updatedAt", Date.from(before))),
                abandoned()).map(result -> result.getModifiedCount());
    }

    /**
     * Each change of this reply, as the database pushes it (a change stream; only replica sets and sharded clusters
     * have them). The events themselves are not used: each one says "read the reply again".
     */
    public static Multi<Object> changesOf(Message reply) {
        return collection().watch(List.of(Aggregates.match(eq("documentKey._id", reply.id))), Document.class)
                .map(change -> (Object) change);
    }

    private static Bson abandoned() {
        return Updates.combine(Updates.set("status", Status.FAILED.name()),
                Updates.set("errorCode", ProblemCode.GENERATION_LOST.code()), Updates.set("completedAt", new Date()),
                Updates.unset("updatedAt"));
    }

    private static ReactiveMongoCollection<Message> collection() {
        return Message.mongoCollection();
    }
}
