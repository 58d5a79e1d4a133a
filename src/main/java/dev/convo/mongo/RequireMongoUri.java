package dev.convo.mongo;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Stops the start when no MongoDB is named, rather than letting the driver quietly try localhost:27017.
 */
@ApplicationScoped
class RequireMongoUri {

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent event,
            @ConfigProperty(name = "quarkus.mongodb.connection-string") Optional<String> connectionString) {
        if (connectionString.filter(uri -> !uri.isBlank()).isEmpty()) {
            throw new IllegalStateException("MONGODB_URI is not set: the service needs a MongoDB connection string "
                    + "(mongodb://host:27017 or mongodb+srv://...). Only dev mode starts an embedded database.");
        }
    }
}
