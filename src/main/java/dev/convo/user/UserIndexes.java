package dev.convo.user;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;

/**
 * The users collection's shard key and index, as the entity declares them.
 */
@ApplicationScoped
class UserIndexes implements CollectionIndexes {

    @Override
    public List<CollectionPlan> plans() {
        return List.of(User.PLAN);
    }
}
