package dev.convo.mongo;

import io.smallrye.mutiny.Uni;

/**
 * The indexes one feature needs on its collections, declared by that feature as a bean; {@link IndexesReadiness}
 * creates every declaration at start-up. Creating an index that exists is a no-op, so every replica may do it.
 */
public interface CollectionIndexes {

    Uni<Void> create();
}
