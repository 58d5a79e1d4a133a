package dev.convo.mongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * In dev mode without MONGODB_URI, starts an embedded MongoDB-wire server that keeps its data under ./data,
 * the way Dev Services would start a container. It does not exist in the prod build.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevMongoServer {

    private final Optional<String> mongodbUri;
    private final String host;
    private final int port;
    private final Path dataFile;
    private MongoServer server;

    DevMongoServer(@ConfigProperty(name = "MONGODB_URI") Optional<String> mongodbUri,
            @ConfigProperty(name = "dev-mongo.host") String host,
            @ConfigProperty(name = "dev-mongo.port") int port,
            @ConfigProperty(name = "dev-mongo.file") Path dataFile) {
        this.mongodbUri = mongodbUri;
        this.host = host;
        this.port = port;
        this.dataFile = dataFile;
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) throws Exception {
        if (mongodbUri.filter(uri -> !uri.isBlank()).isPresent()) {
            return;
        }
        Files.createDirectories(dataFile.toAbsolutePath().getParent());
        server = EmbeddedMongo.on(new H2Backend(dataFile.toString()));
        server.bind(host, port);
        Log.infof("Dev mode: MONGODB_URI is not set, so an embedded MongoDB-wire server (mongo-java-server, H2 file %s)"
                + " is serving on mongodb://%s:%d. Set MONGODB_URI to use a real MongoDB.", dataFile, host, port);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
