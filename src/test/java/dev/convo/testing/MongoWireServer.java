package dev.convo.testing;

import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.convo.mongo.EmbeddedMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real MongoDB-wire server (mongo-java-server, in memory) on a free loopback port, reached by the real driver.
 */
public class MongoWireServer implements QuarkusTestResourceLifecycleManager {

    private MongoServer server;

    @Override
    public Map<String, String> start() {
        server = EmbeddedMongo.on(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        return Map.of("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + address.getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
