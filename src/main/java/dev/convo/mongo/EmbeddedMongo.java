package dev.convo.mongo;

import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;

/**
 * Builds the embedded MongoDB-wire server (mongo-java-server) used in dev mode, tests and benchmarks.
 */
public final class EmbeddedMongo {

    /** The MongoDB version the server reports: 4.2 (wire version 8) is the oldest the current driver accepts. */
    private static final MongoVersion MONGO_4_2 = version(4, 2, 8);

    private EmbeddedMongo() {
    }

    /** A MongoDB version {@code major.minor.0} speaking {@code wireVersion}. */
    public static MongoVersion version(int major, int minor, int wireVersion) {
        return new MongoVersion() {
            @Override
            public List<Integer> getVersionArray() {
                return List.of(major, minor, 0);
            }

            @Override
            public int getWireVersion() {
                return wireVersion;
            }
        };
    }

    public static MongoServer on(MongoBackend backend) {
        return new MongoServer(backend.version(MONGO_4_2));
    }
}
