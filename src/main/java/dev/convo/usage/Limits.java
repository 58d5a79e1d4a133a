package dev.convo.usage;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * The optional per-user limits: turns per minute and tokens per day. Counted in MongoDB (a TTL-indexed collection
 * of one-minute windows, and the daily usage), so every replica sees the same counts.
 */
@ApplicationScoped
public class Limits implements CollectionIndexes {

    private final ChatConfig.Limits config;
    private final ReactiveMongoCollection<Document> windows;

    Limits(ChatConfig config, ReactiveMongoClient mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.config = config.limits();
        this.windows = mongo.getDatabase(database).getCollection("rate_windows");
    }

    /** Lets a new turn of {@code email} through, or fails with 429 {@code rate_limited} / {@code quota_exceeded}. */
    public Uni<Void> admit(String email) {
        Uni<Void> tokens = config.tokensPerDay().isEmpty() ? Uni.createFrom().voidItem()
                : DailyUsage.tokensToday(email).invoke(spent -> {
                    if (spent >= config.tokensPerDay().getAsLong()) {
                        throw new ProblemException(ProblemCode.QUOTA_EXCEEDED,
                                "The daily token quota is used up.").retryAfter(untilTomorrow());
                    }
                }).replaceWithVoid();
        return tokens.chain(() -> config.requestsPerMinute().isEmpty() ? Uni.createFrom().voidItem() : countTurn(email));
    }

    private Uni<Void> countTurn(String email) {
        long minute = Instant.now().getEpochSecond() / 60;
        Instant windowEnd = Instant.ofEpochSecond((minute + 1) * 60);
        return windows.findOneAndUpdate(eq("_id", email + "|" + minute),
                Updates.combine(Updates.inc("count", 1), Updates.setOnInsert("expiresAt", Date.from(windowEnd.plusSeconds(60)))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .invoke(window -> {
                    if (window.getInteger("count", 0) > config.requestsPerMinute().getAsInt()) {
                        throw new ProblemException(ProblemCode.RATE_LIMITED,
                                "Too many turns this minute.").retryAfter(Duration.between(Instant.now(), windowEnd));
                    }
                }).replaceWithVoid();
    }

    /** Forgets a user's turn counts (erasure): their windows' ids start with the address, found by the id index. */
    public Uni<Long> forget(String email) {
        return windows.deleteMany(Filters.and(Filters.gte("_id", email + "|"), Filters.lt("_id", email + "}")))
                .map(result -> result.getDeletedCount());
    }

    private static Duration untilTomorrow() {
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(Instant.now(), midnight);
    }

    /**
     * Windows are found by their id alone (sharded by its hash) and removed by MongoDB itself a minute after they
     * close; the daily usage is the other collection the limits read.
     */
    @Override
    public List<CollectionPlan> plans() {
        return List.of(new CollectionPlan("rate_windows", new Document("_id", "hashed"),
                List.of(new IndexModel(Indexes.ascending("expiresAt"),
                        new IndexOptions().name("expires").expireAfter(0L, TimeUnit.SECONDS)))), DailyUsage.PLAN);
    }
}
