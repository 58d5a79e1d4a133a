package dev.convo.turn;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static dev.convo.mongo.FlatFilter.allOf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.error.Problem;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.error.ProblemMappers;
import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;
import dev.convo.mongo.MongoErrors;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Makes a turn safe to retry: a request with an {@code Idempotency-Key} the same user already used returns the
 * first request's answer (waiting for it while it still runs) instead of starting a second turn. The same key with
 * another body is a client bug: 422. Keys are kept in MongoDB, so a retry may land on any replica, and expire. A
 * first request whose replica died holds its key only for a lease as long as a turn can take; then a retry runs it.
 */
@ApplicationScoped
public class IdempotentTurns implements CollectionIndexes {

    private static final int MAX_KEY_LENGTH = 200;
    private static final Duration JOIN_POLL = Duration.ofMillis(100);
    private static final String RUNNING = "running";
    private static final String DONE = "done";
    private static final Duration RETRY = Duration.ofMillis(200);

    private final ReactiveMongoCollection<Document> keys;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Duration joinTimeout;

    IdempotentTurns(ReactiveMongoClient mongo, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ObjectMapper json, ChatConfig chat, LlmConfig llm) {
        this.keys = mongo.getDatabase(database).getCollection("idempotency_keys");
        this.json = json;
        this.ttl = chat.idempotencyTtl();
        this.joinTimeout = llm.timeout().multipliedBy(llm.retry().maxRetries() + 1L).plusSeconds(10);
    }

    /**
     * Runs {@code turn} once for this user, key and request; without a key, simply runs it.
     * {@code request} identifies the request (route, ids and body) so that a key reused for another one is refused.
     */
    public Uni<Response> once(String key, String email, Object request, Supplier<Uni<Response>> turn) {
        if (key == null) {
            return turn.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ProblemException.invalidField("Idempotency-Key", "must be 1 to 200 visible ASCII characters");
        }
        // a document, not "email|key": no user and key can be made to read as another user's
        Document id = new Document("user", email).append("key", key);
        String fingerprint = fingerprint(request);
        Instant now = Instant.now();
        Document claim = new Document("_id", id).append("fingerprint", fingerprint).append("state", RUNNING)
                .append("leaseUntil", Date.from(now.plus(joinTimeout))).append("expiresAt", Date.from(now.plus(ttl)));
        return keys.insertOne(claim)
                .onItem().transformToUni(inserted -> runAndRemember(id, turn))
                .onFailure(MongoErrors::isDuplicateKey).recoverWithUni(() -> replay(id, fingerprint, now, turn));
    }

    /**
     * Runs the turn, to the end even if this client goes away meanwhile. Its answer is remembered under the key once
     * the turn was stored (a success, or a model failure that carries the stored ids); an answer that stored nothing
     * (a limit, bad input, the database away) releases the key, so the same request may simply be sent again.
     */
    private Uni<Response> runAndRemember(Document id, Supplier<Uni<Response>> turn) {
        return Detached.runToEnd(Uni.createFrom().<Response> deferred(turn::get)
                .onFailure(ProblemException.class).recoverWithItem(failure -> ProblemMappers.toResponse((ProblemException) failure))
                // the turn itself failed (the database away): answer that now, give the key back once it can be
                .onFailure().invoke(() -> release(id).subscribe().with(done -> {
                }, ignored -> {
                }))
                .call(response -> storedATurn(response) ? remember(id, response) : release(id)));
    }

    private static boolean storedATurn(Response response) {
        return response.getStatus() < 400
                || response.getEntity() instanceof Problem problem && problem.extensions().containsKey("userMessageId");
    }

    private Uni<Void> remember(Document id, Response response) {
        try {
            String body = json.writeValueAsString(response.getEntity());
            return keys.updateOne(eq("_id", id), Updates.combine(Updates.set("state", DONE),
                    Updates.set("status", response.getStatus()), Updates.set("body", body), Updates.unset("leaseUntil")))
                    .replaceWithVoid()
                    .onFailure(MongoErrors::isUnavailable).retry().withBackOff(RETRY, RETRY.multipliedBy(25))
                    .expireIn(joinTimeout.toMillis())
                    // the turn is stored and answered all the same; a retry after the lease runs it again
                    .onFailure().invoke(failure -> Log.warnf("Could not remember an Idempotency-Key's answer: %s",
                            failure.getMessage()))
                    .onFailure().recoverWithNull();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /**
     * Gives the key back, retrying while the database is away (it may be why the turn failed), so that the client's
     * retry after it returns runs the turn instead of waiting for a first request that is over. Never fails.
     */
    private Uni<Void> release(Document id) {
        return keys.deleteOne(allOf(eq("_id", id), eq("state", RUNNING))).replaceWithVoid()
                .onFailure(MongoErrors::isUnavailable).retry().withBackOff(RETRY, RETRY.multipliedBy(25))
                .expireIn(joinTimeout.toMillis())
                .onFailure().invoke(failure -> Log.warnf("Could not release an Idempotency-Key: %s", failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Response> replay(Document id, String fingerprint, Instant started, Supplier<Uni<Response>> turn) {
        return keys.find(eq("_id", id)).collect().first().flatMap(stored -> {
            if (stored == null) {
                // released between our insert and this read: the first request stored nothing; try again
                return Uni.createFrom().failure(new ProblemException(ProblemCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "The first request with this key did not finish; send it again."));
            }
            if (!fingerprint.equals(stored.getString("fingerprint"))) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used for another request."));
            }
            if (DONE.equals(stored.getString("state"))) {
                Log.debugf("Replaying the answer stored for an Idempotency-Key");
                return Uni.createFrom().item(Response.status(stored.getInteger("status"))
                        .type(stored.getInteger("status") >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", "true").entity(stored.getString("body")).build());
            }
            Date lease = stored.getDate("leaseUntil");
            if (lease != null && lease.toInstant().isBefore(Instant.now())) {
                return takeOver(id, fingerprint, turn, started);
            }
            if (Duration.between(started, Instant.now()).compareTo(joinTimeout) > 0) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "The first request with this key is still running."));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(JOIN_POLL)
                    .chain(() -> replay(id, fingerprint, started, turn));
        });
    }

    /** The first request's lease ran out (its replica died): this one takes the key over, once, and runs the turn. */
    private Uni<Response> takeOver(Document id, String fingerprint, Supplier<Uni<Response>> turn, Instant started) {
        Instant now = Instant.now();
        return keys.updateOne(allOf(eq("_id", id), eq("state", RUNNING), lt("leaseUntil", Date.from(now))),
                Updates.set("leaseUntil", Date.from(now.plus(joinTimeout))))
                .flatMap(result -> result.getModifiedCount() > 0 ? runAndRemember(id, turn)
                        : replay(id, fingerprint, started, turn));
    }

    private String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint a request", e);
        }
    }

    /** Keys are found by their id alone (sharded by its hash) and removed by MongoDB itself once they expire. */
    @Override
    public List<CollectionPlan> plans() {
        return List.of(new CollectionPlan("idempotency_keys", new Document("_id", "hashed"),
                List.of(new IndexModel(Indexes.ascending("expiresAt"),
                        new IndexOptions().name("expires").expireAfter(0L, TimeUnit.SECONDS)),
                        new IndexModel(Indexes.ascending("_id.user"), new IndexOptions().name("user")))));
    }

    /** Forgets every key of a user, and the answers kept under them (erasure). */
    public Uni<Long> forget(String email) {
        return keys.deleteMany(eq("_id.user", email)).map(result -> result.getDeletedCount());
    }
}
