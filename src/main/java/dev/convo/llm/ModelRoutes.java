package dev.convo.llm;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import dev.convo.config.LlmConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * How each model of the catalogue is reached: a REST client per endpoint (models served by one endpoint share its
 * connections; LLM_PROVIDER_URL's is the configured {@code llm} client, with its quarkus.rest-client.llm.* settings)
 * and a circuit breaker per model, so that a failing provider opens only its own models' breakers.
 */
@ApplicationScoped
class ModelRoutes {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    // llm.timeout bounds each call; the client's own idle timeout is above it, as for the configured client
    private static final int READ_TIMEOUT_SECONDS = 600;
    private static final int CONNECTIONS = 1024;

    private final Map<String, ChatCompletionsApi> clients = new ConcurrentHashMap<>();
    private final Map<String, ModelBreaker> breakers;

    ModelRoutes(ModelCatalogue catalogue, LlmConfig config, @RestClient ChatCompletionsApi configured,
            LlmMetrics metrics) {
        clients.put(config.providerUrl(), configured);
        Map<String, ModelBreaker> byModel = new LinkedHashMap<>();
        for (ModelSpec model : catalogue.all()) {
            ModelBreaker breaker = new ModelBreaker(model.id(), config.circuitBreaker(), System::nanoTime);
            metrics.watch(model.id(), breaker);
            byModel.put(model.id(), breaker);
        }
        this.breakers = Map.copyOf(byModel);
    }

    /** The client of the model's endpoint, built at its first call. */
    ChatCompletionsApi api(ModelSpec model) {
        return clients.computeIfAbsent(model.endpoint(), endpoint -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(endpoint))
                .connectTimeout(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, CONNECTIONS)
                .build(ChatCompletionsApi.class));
    }

    ModelBreaker breaker(ModelSpec model) {
        return breakers.get(model.id());
    }
}
