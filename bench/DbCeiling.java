import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static dev.convo.mongo.FlatFilter.allOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.logging.Level;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.jboss.logmanager.LogContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * The database's own ceiling for the service's operation mix: the same queries a turn, a conversation read and a
 * user's list make, sent straight from the driver by 64 threads, against the benchmark's wire server and data.
 * Usage (bench/run.sh does it): java -cp ... bench/DbCeiling.java MONGO_PORT POSTING_IDS READING_IDS SECONDS
 */
public class DbCeiling {

    public static void main(String[] args) throws Exception {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO); // no DEBUG formatting in the driver either
        List<String[]> ids = idsIn(args[1]);
        List<String[]> readIds = idsIn(args[2]);
        int seconds = Integer.parseInt(args[3]);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + args[0] + "/?maxPoolSize=100")) {
            MongoDatabase db = client.getDatabase("chat");
            MongoCollection<Document> conversations = db.getCollection("conversations");
            MongoCollection<Document> messages = db.getCollection("messages");
            MongoCollection<Document> users = db.getCollection("users");
            MongoCollection<Document> usage = db.getCollection("bench_usage");
            report("conversation read (by id, newest page)", seconds, readIds, i -> {
                ObjectId conversation = new ObjectId(readIds.get(i % readIds.size())[1]);
                conversations.find(eq("_id", conversation)).first();
                messages.find(allOf(eq("conversationId", conversation), lt("seq", Long.MAX_VALUE)))
                        .sort(Sorts.descending("seq")).limit(101).into(new ArrayList<>());
            });
            report("user's list (user, count, page)", seconds, readIds, i -> {
                String email = readIds.get(i % readIds.size())[0];
                users.find(eq("email", email)).first();
                conversations.countDocuments(allOf(eq("ownerEmail", email), eq("state", "ACTIVE")));
                conversations.find(allOf(eq("ownerEmail", email), eq("state", "ACTIVE")))
                        .sort(Sorts.descending("lastActivityAt", "_id")).limit(21).into(new ArrayList<>());
            });
            report("turn until 2026-12-02 (reserve, insert 2, history query, end, usage)", seconds, ids, i -> {
                Turn turn = Turn.reserve(conversations, messages, ids.get(i % ids.size()));
                messages.find(allOf(eq("conversationId", turn.conversation), lte("seq", turn.seq - 1),
                        in("status", "COMPLETE", "STOPPED"), eq("supersededAt", null)))
                        .sort(Sorts.descending("seq")).limit(20).into(new ArrayList<>());
                turn.end(messages, usage);
            });
            messages.deleteMany(eq("bench", true)); // each mix starts from the same messages
            report("turn (reserve with the history, insert 2, end, history push, usage)", seconds, ids, i -> {
                Turn turn = Turn.reserve(conversations, messages, ids.get(i % ids.size()));
                turn.end(messages, usage);
                conversations.updateOne(allOf(eq("_id", turn.conversation), eq("ownerEmail", turn.email)),
                        Updates.pushEach("recent", List.of(turn.entry(turn.seq - 1, "USER", "Bench"),
                                turn.entry(turn.seq, "ASSISTANT", "w1 w2 w3")),
                                new PushOptions().sortDocument(new Document("seq", 1)).slice(-20)));
            });
            messages.deleteMany(eq("bench", true));
        }
    }

    /** One turn's reservation and stored messages, with the filters the service sends. */
    private record Turn(String email, ObjectId conversation, long seq, ObjectId reply) {

        static Turn reserve(MongoCollection<Document> conversations, MongoCollection<Document> messages,
                String[] target) {
            ObjectId conversation = new ObjectId(target[1]);
            Document reserved = conversations.findOneAndUpdate(
                    allOf(eq("_id", conversation), eq("ownerEmail", target[0]), eq("state", "ACTIVE")),
                    Updates.combine(Updates.inc("lastSeq", 2L), Updates.inc("messageCount", 2L),
                            Updates.set("lastActivityAt", new Date())),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            long seq = reserved.getLong("lastSeq");
            ObjectId reply = new ObjectId();
            messages.insertMany(List.of(
                    new Document("_id", new ObjectId()).append("conversationId", conversation).append("seq", seq - 1)
                            .append("role", "USER").append("text", "Bench").append("status", "COMPLETE")
                            .append("bench", true),
                    new Document("_id", reply).append("conversationId", conversation).append("seq", seq)
                            .append("role", "ASSISTANT").append("text", "").append("status", "PENDING")
                            .append("bench", true)));
            return new Turn(target[0], conversation, seq, reply);
        }

        /** The reply's end, written only while it is unfinished, and the usage upsert. */
        void end(MongoCollection<Document> messages, MongoCollection<Document> usage) {
            messages.updateOne(allOf(eq("_id", reply), eq("conversationId", conversation),
                    in("status", "PENDING", "STREAMING")),
                    Updates.combine(Updates.set("text", "w1 w2 w3"), Updates.set("status", "COMPLETE")));
            usage.updateOne(allOf(eq("_id", email + "|2026-01-01"), eq("email", email)),
                    Updates.combine(Updates.inc("promptTokens", 10), Updates.inc("completionTokens", 3)),
                    new UpdateOptions().upsert(true));
        }

        Document entry(long number, String role, String text) {
            return new Document("messageId", new ObjectId()).append("seq", number).append("role", role).append("text", text)
                    .append("tokens", 3).append("createdAt", new Date());
        }
    }

    private static List<String[]> idsIn(String file) throws java.io.IOException {
        return Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
    }

    private static void report(String name, int seconds, List<String[]> ids, IntConsumer operation) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(64);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < 64; t++) {
            int offset = t;
            threads.submit(() -> {
                for (int i = offset; System.nanoTime() < end; i += 64) {
                    operation.accept(i);
                    done.incrementAndGet();
                }
                return null;
            });
        }
        threads.shutdown();
        threads.awaitTermination(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("BENCH-DB | %s | %.0f /s |%n", name, done.get() / (double) seconds);
    }
}
