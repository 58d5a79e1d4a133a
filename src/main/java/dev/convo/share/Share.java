package dev.convo.share;

import static com.mongodb.client.model.Filters.eq;
import static dev.convo.mongo.FlatFilter.allOf;

import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import dev.convo.mongo.CollectionPlan;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntityBase;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * A read-only snapshot of a conversation's branch as it was when its owner shared it, found by its unguessable token.
 * It holds only what a reader is shown (title, roles, texts, times, model names): no address, no id, no usage.
 */
@MongoEntity(collection = "shares")
public class Share extends ReactivePanacheMongoEntityBase {

    /** One message of the snapshot, as a reader sees it. */
    @RegisterForReflection
    public static class SharedMessage {
        public String role;
        public String text;
        public Instant createdAt;
        public String model;
    }

    /** The token: 256 random bits, base64url. */
    @BsonId
    public String token;
    public ObjectId conversationId;
    public String ownerEmail;
    public String title;
    public Instant createdAt;
    public int messageCount;
    public List<SharedMessage> messages;

    /** The share of this token, or null: one read by id, whether the token never existed or was revoked. */
    static Uni<Share> byToken(String token) {
        return collection().find(eq("_id", token)).collect().first();
    }

    /** The owner's links to one conversation, newest first, without their messages. */
    static Uni<List<Share>> ofConversation(ObjectId conversationId, String ownerEmail) {
        return collection().find(allOf(eq("ownerEmail", ownerEmail), eq("conversationId", conversationId)),
                new FindOptions().projection(Projections.exclude("messages")).sort(Sorts.descending("createdAt")))
                .collect().asList();
    }

    /** Every link of a user, without their messages (export). */
    public static io.smallrye.mutiny.Multi<Share> ofOwner(String ownerEmail) {
        return collection().find(eq("ownerEmail", ownerEmail),
                new FindOptions().projection(Projections.exclude("messages")).sort(Sorts.ascending("createdAt")));
    }

    /** Revokes one link of the owner's conversation; gives whether there was one. */
    static Uni<Boolean> revoke(String token, ObjectId conversationId, String ownerEmail) {
        return collection().deleteOne(allOf(eq("_id", token), eq("conversationId", conversationId),
                eq("ownerEmail", ownerEmail))).map(result -> result.getDeletedCount() > 0);
    }

    /** Revokes every link of a conversation. */
    static Uni<Void> revokeAll(ObjectId conversationId, String ownerEmail) {
        return collection().deleteMany(allOf(eq("ownerEmail", ownerEmail), eq("conversationId", conversationId)))
                .replaceWithVoid();
    }

    /** Removes every link of a user (erasure); gives how many went. */
    public static Uni<Long> deleteOfOwner(String ownerEmail) {
        return collection().deleteMany(eq("ownerEmail", ownerEmail)).map(result -> result.getDeletedCount());
    }

    /**
     * Read by token (sharded by its hash: one shard per read); an owner's links are listed and revoked by the owner
     * index, which also serves erasure.
     */
    static final CollectionPlan PLAN = new CollectionPlan("shares", new Document("_id", "hashed"), List.of(
            new IndexModel(Indexes.ascending("ownerEmail", "conversationId", "createdAt"),
                    new IndexOptions().name("owner_conversation"))));

    private static ReactiveMongoCollection<Share> collection() {
        return mongoCollection();
    }
}
