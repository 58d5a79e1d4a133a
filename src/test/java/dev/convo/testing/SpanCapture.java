package dev.convo.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Keeps the spans the service exports in memory, for tests whose profile turns tracing on (elsewhere tracing is
 * off: no OTLP endpoint, see TracingSwitch, and nothing is exported).
 */
@ApplicationScoped
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
