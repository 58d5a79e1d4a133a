package dev.convo.mongo;

import java.util.List;

import org.bson.Document;

import com.mongodb.client.model.IndexModel;

/**
 * One collection's place in a sharded cluster: its shard key (see docs/scaling.md) and the indexes the service
 * creates on it, which must agree with the key (a unique index starts with a ranged shard key; a hashed shard key
 * allows none). The hashed shard key's own index is made by {@code sh.shardCollection}.
 *
 * @param collection the collection's name
 * @param shardKey the shard key, as {@code sh.shardCollection} takes it ({@code 1} ranged, {@code "hashed"})
 * @param indexes the indexes the service creates at start-up
 */
public record CollectionPlan(String collection, Document shardKey, List<IndexModel> indexes) {

    /** Whether the shard key is hashed (spreads writes evenly, allows no unique index). */
    public boolean hashed() {
        return shardKey.values().stream().anyMatch("hashed"::equals);
    }

    /** The shard key's fields, in order. */
    public List<String> shardKeyFields() {
        return List.copyOf(shardKey.keySet());
    }
}
