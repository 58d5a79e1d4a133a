package dev.convo.user;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.mongo.CollectionIndexes;
import dev.convo.mongo.CollectionPlan;

/**
 * The shard keys and indexes of the users collection and of the erasures' tombstones, as the entities declare them.
 */
@ApplicationScoped
class UserIndexes implements CollectionIndexes {

    @Override
    public List<CollectionPlan> plans() {
        return List.of(User.PLAN, Tombstone.PLAN);
    }
}
