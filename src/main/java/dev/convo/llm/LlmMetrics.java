package dev.convo.llm;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The model calls as Prometheus sees them (/q/metrics): latency (whole reply and time to first token), tokens in
 * and out by model, failures by problem code, streams in flight and the circuit breaker's state.
 */
@ApplicationScoped
public class LlmMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger streamsInFlight = new AtomicInteger();

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("chat.streams.in.flight", streamsInFlight, AtomicInteger::get)
                .description("Streamed replies being written now").register(registry);
    }

    /** Shows the state of a model's circuit breaker: 0 closed, 1 half-open, 2 open. */
    void watch(String model, ModelBreaker breaker) {
        Gauge.builder("llm.circuit.breaker.state", breaker, LlmMetrics::stateOf).tag("model", model)
                .description("A model's circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
    }

    /** A finished reply: its latency and its tokens. */
    public void replied(ModelReply reply, boolean streamed) {
        Timer.builder("llm.reply.duration").description("Time from request to the whole reply")
                .tag("model", reply.model()).tag("streamed", String.valueOf(streamed))
                .publishPercentileHistogram().register(registry).record(reply.latency());
        if (reply.usage() != null) {
            tokens(reply.model(), "in", reply.usage().promptTokens());
            tokens(reply.model(), "out", reply.usage().completionTokens());
        }
    }

    /** The first text of a streamed reply arrived. */
    public void firstToken(String model, Duration sinceRequest) {
        Timer.builder("llm.time.to.first.token").description("Time from request to the first streamed text")
                .tag("model", model).publishPercentileHistogram().register(registry).record(sinceRequest);
    }

    /** A model call failed, answered with this problem code. */
    public void failed(String code) {
        Counter.builder("llm.errors").description("Failed model calls by problem code").tag("code", code)
                .register(registry).increment();
    }

    public void streamStarted() {
        streamsInFlight.incrementAndGet();
    }

    public void streamEnded() {
        streamsInFlight.decrementAndGet();
    }

    private void tokens(String model, String direction, Integer count) {
        if (count != null && count > 0) {
            Counter.builder("llm.tokens").description("Tokens sent to and received from the model")
                    .tag("model", model).tag("direction", direction).register(registry).increment(count);
        }
    }

    private static double stateOf(ModelBreaker breaker) {
        return breaker.state().ordinal();
    }
}
