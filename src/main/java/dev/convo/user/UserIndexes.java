package dev.convo.user;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.mongo.CollectionIndexes;
import io.smallrye.mutiny.Uni;

/**
 * The index of users, as their entity declares it.
 */
@ApplicationScoped
class UserIndexes implements CollectionIndexes {

    @Override
    public Uni<Void> create() {
        return User.createIndexes();
    }
}
