import java.util.logging.Level;

import org.jboss.logmanager.LogContext;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.convo.mongo.EmbeddedMongo;

/**
 * The benchmark's database: the embedded MongoDB-wire server (memory backend) in a process of its own, so that its
 * CPU shows apart from the service's. Run by bench/run.sh with the project's test class path. It reports MongoDB
 * 4.4 (wire version 9), the oldest that both this service's driver and the seed's (Mongoose 9) accept, so that both
 * run against the same server.
 */
public class WireServer {
    public static void main(String[] args) throws InterruptedException {
        // outside Quarkus nothing sets a log level, and the wire server would format every message it receives and
        // sends for DEBUG logging (measured: about 15 % of its CPU under load)
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
        MongoServer server = new MongoServer(new MemoryBackend().version(EmbeddedMongo.version(4, 4, 9)));
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("mongo-wire ready on " + args[0]);
        Thread.currentThread().join();
    }
}
