package dev.convo.llm;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the model's circuit breaker in the readiness details without failing readiness: an instance whose model is
 * down still serves reads, and taking it out of the load balancer would not bring the model back.
 */
@Readiness
@ApplicationScoped
class ModelBreakerReadiness implements HealthCheck {

    private final ChatModel model;

    ModelBreakerReadiness(ChatModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Model circuit breaker").up()
                .withData("state", model.breakerState().name().toLowerCase(Locale.ROOT)).build();
    }
}
