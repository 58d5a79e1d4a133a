package dev.convo.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.error.Problem;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the service does from the moment it is told to stop (SIGTERM): it reports not ready, so Kubernetes sends no
 * more traffic, and refuses new writes with 503 {@code shutting_down}, while the requests and streams in flight go
 * on for the shutdown grace period (QUARKUS_SHUTDOWN_TIMEOUT). Reads still work.
 */
@Readiness
@ApplicationScoped
public class Draining implements HealthCheck {

    /** Fired once, when the service is told to stop. */
    public record Started() {
    }

    private volatile boolean draining;
    private final String refusal;
    private final Event<Started> started;

    Draining(ObjectMapper json, Event<Started> started) throws JsonProcessingException {
        this.started = started;
        this.refusal = json.writeValueAsString(new ProblemException(ProblemCode.SHUTTING_DOWN,
                "This instance is shutting down; send the request again.").toProblem());
    }

    void onStart(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::drain, "drain-on-shutdown"));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 3).handler(this::refuseWritesWhileDraining);
    }

    void drain() {
        draining = true;
        Log.infof("Shutting down: no new turns; requests and streams in flight may finish");
        started.fire(new Started());
    }

    private void refuseWritesWhileDraining(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (draining && method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS) {
            context.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close").putHeader("Retry-After", "1").end(refusal);
            return;
        }
        context.next();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Accepting new turns").status(!draining).build();
    }
}
