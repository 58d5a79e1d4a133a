package dev.convo.turn;

import static com.mongodb.client.model.Filters.eq;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.convo.mongo.MongoErrors;
import io.quarkus.logging.Log;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;

/**
 * Makes a turn safe to retry: a request with an {@code Idempotency-Key} the same user already used returns the
 * first request's answer (waiting for it while it still runs) instead of starting a second turn. The same key with
 * another body is a client bug: 422. Keys are kept in MongoDB, so a retry may land on any replica, and expire.
 */
@ApplicationScoped
public class IdempotentTurns implements CollectionIndexes {

    private static final int MAX_KEY_LENGTH = 200;
    private static final Duration JOIN_POLL = Duration.ofMillis(100);
    private static final String RUNNING = "running";
    private static final String DONE = "done";

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
        String id = email + "|" + key;
        String fingerprint = fingerprint(request);
        Document claim = new Document("_id", id).append("fingerprint", fingerprint).append("state", RUNNING)
                .append("expiresAt", Date.from(Instant.now().plus(ttl)));
        return keys.insertOne(claim)
                .onItem().transformToUni(inserted -> runAndRemember(id, turn))
                .onFailure(MongoErrors::isDuplicateKey).recoverWithUni(() -> replay(id, fingerprint, Instant.now()));
    }

    /** Runs the turn and stores its answer under the key, to the end even if this client goes away meanwhile. */
    private Uni<Response> runAndRemember(String id, Supplier<Uni<Response>> turn) {
        return Detached.runToEnd(Uni.createFrom().<Response> deferred(turn::get)
                .onFailure(ProblemException.class).recoverWithItem(failure -> ProblemMappers.toResponse((ProblemException) failure))
                .call(response -> remember(id, response))
                .onFailure().call(() -> keys.deleteOne(eq("_id", id))));
    }

    private Uni<Void> remember(String id, Response response) {
        try {
            String body = json.writeValueAsString(response.getEntity());
            return keys.updateOne(eq("_id", id), Updates.combine(Updates.set("state", DONE),
                    Updates.set("status", response.getStatus()), Updates.set("body", body))).replaceWithVoid();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Uni<Response> replay(String id, String fingerprint, Instant started) {
        return keys.find(eq("_id", id)).collect().first().flatMap(stored -> {
            if (stored == null) {
                // expired or released between our insert and this read: the first request failed; try again
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
            if (Duration.between(started, Instant.now()).compareTo(joinTimeout) > 0) {
                return Uni.createFrom().failure(new ProblemException(ProblemCode.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "The first request with this key is still running."));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(JOIN_POLL)
                    .chain(() -> replay(id, fingerprint, started));
        });
    }

    private String fingerprint(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint a request", e);
        }
    }

    /** Keys are removed by MongoDB itself once they expire. */
    @Override
    public Uni<Void> create() {
        return keys.createIndex(Indexes.ascending("expiresAt"),
                new IndexOptions().name("expires").expireAfter(0L, TimeUnit.SECONDS))
                .replaceWithVoid();
    }
}
