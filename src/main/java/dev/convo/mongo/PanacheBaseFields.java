package dev.convo.mongo;

import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntity;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native mode: the entities' {@code id} is a field of Panache's base class, which Quarkus registers for the entity
 * classes but not for their superclass (quarkusio/quarkus#31267), so that without this the MongoDB codec of a native
 * executable never fills it and every view of a user, conversation or message fails. The JVM needs nothing of this.
 */
@RegisterForReflection(targets = ReactivePanacheMongoEntity.class)
final class PanacheBaseFields {

    private PanacheBaseFields() {
    }
}
