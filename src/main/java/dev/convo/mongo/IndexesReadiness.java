package dev.convo.mongo;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.logging.Log;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Creates every feature's indexes ({@link CollectionIndexes}) at start-up without holding the start up, retrying
 * while MongoDB is unreachable; the readiness check stays down until they all exist. The MongoDB client itself is
 * created on a worker thread, beside the rest of the start, so the HTTP server opens without waiting for it.
 */
@Readiness
@ApplicationScoped
public class IndexesReadiness implements HealthCheck {

    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final Instance<CollectionIndexes> declarations;
    private final Instance<ReactiveMongoClient> mongo;
    private final String databaseName;
    private volatile boolean created;

    IndexesReadiness(Instance<CollectionIndexes> declarations, Instance<ReactiveMongoClient> mongo,
            @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.declarations = declarations;
        this.mongo = mongo;
        this.databaseName = database;
    }

    void onStart(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> create(mongo.get().getDatabase(databaseName)).subscribe()
                .with(done -> {
                    created = true;
                    Log.infof("MongoDB indexes are in place");
                }, failure -> Log.errorf("MongoDB indexes could not be created: %s", failure.getMessage())));
    }

    private Uni<Void> create(ReactiveMongoDatabase database) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (CollectionIndexes declaration : declarations) {
            for (CollectionPlan plan : declaration.plans()) {
                if (!plan.indexes().isEmpty()) {
                    all = all.chain(() -> database.getCollection(plan.collection()).createIndexes(plan.indexes())
                            .replaceWithVoid());
                }
            }
        }
        return all.onFailure().invoke(failure -> Log.warnf("Creating MongoDB indexes failed (%s); retrying",
                failure.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(RETRY_DELAY, RETRY_DELAY.multipliedBy(15)).indefinitely();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("MongoDB indexes").status(created).build();
    }
}
