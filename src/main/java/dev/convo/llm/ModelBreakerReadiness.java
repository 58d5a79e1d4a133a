package dev.convo.llm;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the models' circuit breakers in the readiness details without failing readiness: an instance whose model is
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
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Model circuit breaker").up();
        Map<String, ModelBreaker.State> states = model.breakerStates();
        // "state" is the default model's, as before there were several; each model's is under its id
        response.withData("state", name(states.values().iterator().next()));
        states.forEach((id, state) -> response.withData("model " + id, name(state)));
        return response.build();
    }

    private static String name(ModelBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
