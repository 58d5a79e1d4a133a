package dev.convo.usage;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static dev.convo.mongo.FlatFilter.allOf;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.convo.mongo.CollectionPlan;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * One user's model usage on one UTC day: replies and tokens, summed as replies complete.
 */
@MongoEntity(collection = "usage_days")
public class DailyUsage extends ReactivePanacheMongoEntityBase {

    /** {@code <email>|<yyyy-mm-dd>}: one document per user and day, found without an index scan. */
    public String id;
    public String email;
    public String day;
    public long replies;
    public long promptTokens;
    public long completionTokens;

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** Adds one reply's tokens to its owner's day (an upsert, so replicas and concurrent turns add up). */
    public static Uni<Void> record(String email, long promptTokens, long completionTokens) {
        String day = today();
        // the e-mail too: it is the shard key, which an upsert must name
        return collection().updateOne(allOf(eq("_id", email + "|" + day), eq("email", email)),
                Updates.combine(Updates.setOnInsert("email", email), Updates.setOnInsert("day", day),
                        Updates.inc("replies", 1L), Updates.inc("promptTokens", promptTokens),
                        Updates.inc("completionTokens", completionTokens)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** Records a reply's usage in the background: the turn's answer does not wait for the accounting. */
    public static void recordInBackground(String email, Integer promptTokens, Integer completionTokens) {
        record(email, promptTokens == null ? 0 : promptTokens, completionTokens == null ? 0 : completionTokens)
                .subscribe().with(done -> {
                }, failure -> Log.warnf("Could not record the usage of a reply: %s", failure.getMessage())); // no address in logs
    }

    /** Tokens the user spent today. */
    static Uni<Long> tokensToday(String email) {
        return collection().find(allOf(eq("_id", email + "|" + today()), eq("email", email))).collect().first()
                .map(found -> found == null ? 0L : found.promptTokens + found.completionTokens);
    }

    /** The user's days from {@code since} on, newest first. */
    static Uni<List<DailyUsage>> since(String email, LocalDate since) {
        return collection().find(allOf(eq("email", email), gte("day", since.toString())),
                new FindOptions().sort(Sorts.descending("day"))).collect().asList();
    }

    /** Every day of a user's usage, oldest first (export). */
    public static io.smallrye.mutiny.Multi<DailyUsage> everyOf(String email) {
        return collection().find(eq("email", email), new FindOptions().sort(Sorts.ascending("day")));
    }

    /** Removes a user's usage (erasure); gives how many days went. */
    public static Uni<Long> deleteOf(String email) {
        return collection().deleteMany(eq("email", email)).map(result -> result.getDeletedCount());
    }

    /** Sharded by a hash of the e-mail: a user's days stay together, users spread evenly. */
    static final CollectionPlan PLAN = new CollectionPlan("usage_days", new Document("email", "hashed"),
            List.of(new IndexModel(Indexes.ascending("email", "day"), new IndexOptions().name("email_day"))));

    private static ReactiveMongoCollection<DailyUsage> collection() {
        return mongoCollection();
    }
}
