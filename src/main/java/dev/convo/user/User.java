package dev.convo.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.mongo.CollectionPlan;
import dev.convo.mongo.MongoErrors;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntity;
import io.smallrye.mutiny.Uni;
import java.util.Date;

/**
 * A person who owns conversations, known by a unique, lower-cased e-mail address.
 */
@MongoEntity(collection = "users")
public class User extends ReactivePanacheMongoEntity {

    public String name;
    public String email;
    public Instant createdAt;
    /** Set when the user's erasure begins: nothing new of theirs is written from then on. */
    public boolean erasing;

    public static User of(String name, String email) {
        User user = new User();
        user.name = name;
        user.email = email;
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return user;
    }

    public static Uni<User> findByEmail(String email) {
        return find("email", email).firstResult();
    }

    /**
     * The user with this (normalized) address, or a 404 {@code user_not_found}; 409 {@code user_erasing} while the
     * user is being erased.
     */
    public static Uni<User> requireByEmail(String email) {
        return findByEmail(email).onItem().ifNull()
                .failWith(() -> new ProblemException(ProblemCode.USER_NOT_FOUND, "No user has this e-mail address."))
                .invoke(user -> {
                    if (user.erasing) {
                        throw erasingProblem();
                    }
                });
    }

    public static ProblemException erasingProblem() {
        return new ProblemException(ProblemCode.USER_ERASING, "This user is being erased.");
    }

    /** Marks the user as being erased (the user record itself goes last). */
    public static Uni<Void> markErasing(String email) {
        return mongoCollection().updateOne(Filters.eq("email", email), Updates.set("erasing", true)).replaceWithVoid();
    }

    /** Removes the user record (the end of an erasure). */
    public static Uni<Long> deleteByEmail(String email) {
        return mongoCollection().deleteOne(Filters.eq("email", email)).map(result -> result.getDeletedCount());
    }

    /**
     * Creates the user unless one with this address exists (an upsert, so concurrent first requests agree); fails
     * with 409 {@code user_erasing} while the address is being erased.
     */
    public static Uni<Void> ensureExists(String email, String name) {
        return notErasing(email).chain(() -> upsert(email, name));
    }

    /** Stores this new user, unless the address is being erased (409 {@code user_erasing}). */
    Uni<User> signUp() {
        return notErasing(email).chain(() -> persist());
    }

    /** Passes unless the address is being erased: then 409 {@code user_erasing}, and nothing of it is written. */
    private static Uni<Void> notErasing(String email) {
        return Tombstone.exists(email).invoke(erasing -> {
            if (erasing) {
                throw erasingProblem();
            }
        }).replaceWithVoid();
    }

    private static Uni<Void> upsert(String email, String name) {
        Bson update = Updates.combine(Updates.setOnInsert("name", name),
                Updates.setOnInsert("createdAt", Date.from(Instant.now().truncatedTo(ChronoUnit.MILLIS))));
        return mongoCollection().updateOne(Filters.eq("email", email), update, new UpdateOptions().upsert(true))
                .onFailure(MongoErrors::isDuplicateKey).recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Sharded by e-mail (ranged), the one way users are found; the unique index on it makes "one user per address"
     * hold under concurrent sign-ups too, and is the shard key's index.
     */
    static final CollectionPlan PLAN = new CollectionPlan("users", new Document("email", 1),
            List.of(new IndexModel(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"))));
}
