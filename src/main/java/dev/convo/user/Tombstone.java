package dev.convo.user;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.convo.mongo.CollectionPlan;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * The mark of a user being erased: written before anything is removed, it keeps the user from being written again
 * (signed up, created at a first sign-in) until the erasure has swept every collection twice, the second time once
 * every turn that began before it has ended. It goes with that last sweep.
 */
@MongoEntity(collection = "erasures")
public class Tombstone extends ReactivePanacheMongoEntityBase {

    @BsonId
    public String email;
    public Instant startedAt;
    /** When a sweep last removed everything there was; {@code null} until the first one ends (or if it died). */
    public Instant sweptAt;
    /** When the last sweep is due: after it, nothing a turn begun before the erasure writes can still come. */
    public Instant settleUntil;
    /** The conversations active lately: a turn still running in one may write messages after the first sweep. */
    public List<ObjectId> recentConversationIds;

    /** Marks the user erased from now on (again: keeps when it began, moves the last sweep on). */
    public static Uni<Tombstone> begin(String email, Duration settle) {
        Instant now = Instant.now();
        return collection().findOneAndUpdate(eq("_id", email), Updates.combine(
                Updates.setOnInsert("startedAt", Date.from(now)),
                Updates.set("settleUntil", Date.from(now.plus(settle)))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    }

    /** Records a sweep that found and removed everything, and the conversations the last sweep must look at again. */
    public static Uni<Void> swept(String email, List<ObjectId> recentConversationIds) {
        return collection().updateOne(eq("_id", email), Updates.combine(Updates.set("sweptAt", new Date()),
                Updates.addEachToSet("recentConversationIds", recentConversationIds))).replaceWithVoid();
    }

    /** Whether the user is being erased. */
    public static Uni<Boolean> exists(String email) {
        return collection().find(eq("_id", email), new FindOptions().limit(1)).collect().first()
                .map(found -> found != null);
    }

    /** Erasures due for their last sweep, or whose first sweep died before {@code stalledBefore}. */
    public static Uni<List<Tombstone>> due(Instant now, Instant stalledBefore, int batch) {
        return collection().find(Filters.or(Filters.lt("settleUntil", Date.from(now)),
                Filters.and(Filters.eq("sweptAt", null), Filters.lt("startedAt", Date.from(stalledBefore)))),
                new FindOptions().limit(batch)).collect().asList();
    }

    /** Ends an erasure: the last trace of the user goes. */
    public static Uni<Void> remove(String email) {
        return collection().deleteOne(eq("_id", email)).replaceWithVoid();
    }

    /** Found by address (sharded by its hash); the sweep job finds what is due by time, in a small collection. */
    static final CollectionPlan PLAN = new CollectionPlan("erasures", new Document("_id", "hashed"),
            List.of(new IndexModel(Indexes.ascending("settleUntil"), new IndexOptions().name("settle"))));

    private static ReactiveMongoCollection<Tombstone> collection() {
        return mongoCollection();
    }
}
