package dev.convo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.convo.mongo.EmbeddedMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A MongoDB-wire server that a test can take down (every connection dropped, nothing listening) and bring back on
 * the same port with the same data, as a database restart or a failover looks to the service. Its data is in a
 * file (the H2 backend), so that it outlives the server.
 */
public class RestartableMongoWireServer implements QuarkusTestResourceLifecycleManager {

    private static Path file;
    private static MongoServer server;
    private static int port;
    private static boolean down;

    @Override
    public Map<String, String> start() {
        try {
            file = Files.createTempFile(Path.of("target"), "restartable-mongo", ".mv");
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = EmbeddedMongo.on(new H2Backend(file.toString()));
        server.bind("127.0.0.1", 0);
        port = server.getLocalAddress().getPort();
        return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + port);
    }

    /** The database goes away: open connections are cut, new ones refused. */
    public static synchronized void takeDown() {
        server.stopListening();
        server.shutdownNow();
        down = true;
    }

    /** The database is back, with everything it held. */
    public static synchronized void bringBack() {
        server = EmbeddedMongo.on(new H2Backend(file.toString()));
        server.bind("127.0.0.1", port);
        down = false;
    }

    /** Brings the database back unless it is up (a test that failed halfway leaves it up for the next). */
    public static synchronized void bringBackIfDown() {
        if (down) {
            bringBack();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
