package dev.convo.mongo;

import java.util.List;

/**
 * The collections one feature writes, each with its shard key and indexes, declared by that feature as a bean;
 * {@link IndexesReadiness} creates every declared index at start-up. Creating an index that exists is a no-op, so
 * every replica may do it.
 */
public interface CollectionIndexes {

    List<CollectionPlan> plans();
}
