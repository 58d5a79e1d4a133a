package dev.convo.mongo;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.IdempotentTurns;
import dev.convo.conversation.Message;
import dev.convo.usage.DailyUsage;
import dev.convo.usage.Limits;
import dev.convo.user.User;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Creates the collections' indexes at startup without holding the start up; the service is ready once they exist.
 */
@Readiness
@ApplicationScoped
public class Indexes implements HealthCheck {

    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final Limits limits;
    private final IdempotentTurns idempotency;
    private volatile boolean created;

    Indexes(Limits limits, IdempotentTurns idempotency) {
        this.limits = limits;
        this.idempotency = idempotency;
    }

    void onStart(@Observes StartupEvent event) {
        create().subscribe().with(done -> {
            created = true;
            Log.infof("MongoDB indexes are in place");
        }, failure -> Log.errorf("MongoDB indexes could not be created: %s", failure.getMessage()));
    }

    private Uni<Void> create() {
        return User.createIndexes()
                .chain(Conversation::createIndexes)
                .chain(Message::createIndexes)
                .chain(DailyUsage::createIndexes)
                .chain(limits::createIndexes)
                .chain(idempotency::createIndexes)
                .onFailure().invoke(failure -> Log.warnf("Creating MongoDB indexes failed (%s); retrying",
                        failure.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(RETRY_DELAY, RETRY_DELAY.multipliedBy(15)).indefinitely();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("MongoDB indexes").status(created).build();
    }
}
