package dev.convo.stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.connection.ClusterType;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;

/**
 * Whether the database can push changes (MongoDB change streams): a replica set, a sharded cluster (through its
 * routers) or a load-balanced deployment can; a standalone server, and the embedded wire server of dev mode and
 * tests, cannot. The driver knows the deployment's type from its monitoring; until it does, followers poll.
 */
@ApplicationScoped
public class ChangeStreams {

    private final ReactiveMongoClient mongo;

    ChangeStreams(ReactiveMongoClient mongo) {
        this.mongo = mongo;
    }

    public boolean supported() {
        return supportedBy(mongo.unwrap().getClusterDescription().getType());
    }

    static boolean supportedBy(ClusterType type) {
        return type == ClusterType.REPLICA_SET || type == ClusterType.SHARDED || type == ClusterType.LOAD_BALANCED;
    }
}
