package dev.convo.observability;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns OpenTelemetry tracing on exactly when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT), and off otherwise, so that no exporter retries against a collector that
 * is not there. An explicit QUARKUS_OTEL_SDK_DISABLED still wins: this source ranks below the environment and
 * application.properties.
 */
public class TracingSwitch implements ConfigSource {

    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public Map<String, String> getProperties() {
        return Map.of(SDK_DISABLED, String.valueOf(!endpointConfigured()));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(SDK_DISABLED);
    }

    @Override
    public String getValue(String propertyName) {
        return SDK_DISABLED.equals(propertyName) ? String.valueOf(!endpointConfigured()) : null;
    }

    @Override
    public String getName() {
        return "tracing-switch";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }

    private static boolean endpointConfigured() {
        return isSet(System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
                || isSet(System.getenv("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"))
                || isSet(System.getProperty("quarkus.otel.exporter.otlp.endpoint"));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
