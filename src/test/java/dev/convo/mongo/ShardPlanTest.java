package dev.convo.mongo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.IndexModel;

import dev.convo.conversation.Conversation;
import dev.convo.testing.Api;
import dev.convo.testing.CommandRecorder;
import dev.convo.testing.CommandRecorder.Command;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The data layer is ready for a sharded cluster: every collection the service writes has a shard key, in the code
 * and in docs/scaling.md alike; every unique index agrees with its collection's shard key; and every operation of
 * the hot paths (turns, streams, reads, idempotent retries) names its collection's shard key, so that a router sends
 * it to one shard, and every write asks for a majority.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ShardPlanTest {

    /** A row of the shard key table in docs/scaling.md: | `collection` | `{shard key}` | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| `(\\{[^`]+})` \\|", Pattern.MULTILINE);

    @Inject
    Instance<CollectionIndexes> declarations;

    private Map<String, CollectionPlan> plans() {
        return declarations.stream().flatMap(declaration -> declaration.plans().stream())
                .collect(Collectors.toMap(CollectionPlan::collection, plan -> plan, (a, b) -> a, TreeMap::new));
    }

    @Test
    void everyUniqueIndexStartsWithItsCollectionsRangedShardKey() {
        for (CollectionPlan plan : plans().values()) {
            for (IndexModel index : plan.indexes()) {
                if (Boolean.TRUE.equals(index.getOptions().isUnique())) {
                    assertFalse(plan.hashed(), plan.collection() + ": a hashed shard key allows no unique index");
                    List<String> fields = new ArrayList<>(index.getKeys().toBsonDocument().keySet());
                    assertTrue(fields.size() >= plan.shardKeyFields().size()
                            && fields.subList(0, plan.shardKeyFields().size()).equals(plan.shardKeyFields()),
                            plan.collection() + ": unique index " + fields + " must start with " + plan.shardKeyFields());
                }
            }
        }
    }

    @Test
    void theScalingDocumentGivesEveryCollectionItsShardKey() throws IOException {
        Matcher rows = ROW.matcher(Files.readString(Path.of("docs", "scaling.md")));
        Map<String, Document> documented = new TreeMap<>();
        while (rows.find()) {
            documented.put(rows.group(1), Document.parse(rows.group(2)));
        }
        Map<String, Document> planned = new TreeMap<>();
        plans().forEach((collection, plan) -> planned.put(collection, plan.shardKey()));
        assertEquals(planned, documented);
    }

    @Test
    void everyCollectionTheServiceWritesHasAPlan() {
        exerciseTheHotPaths();
        List<String> written = Conversation.mongoDatabase().listCollectionNames().collect().asList().await()
                .indefinitely();
        assertTrue(plans().keySet().containsAll(written), "collections written " + written + ", planned "
                + plans().keySet());
    }

    @Test
    void everyHotOperationNamesItsShardKeyAndEveryWriteAsksForAMajority() {
        Map<String, CollectionPlan> plans = plans();
        CommandRecorder.start();
        exerciseTheHotPaths();
        List<Command> commands = CommandRecorder.stop();
        List<String> untargeted = new ArrayList<>();
        int checked = 0;
        for (Command command : commands) {
            CollectionPlan plan = plans.get(command.collection());
            if (plan == null || isBackgroundSweep(command)) {
                continue;
            }
            for (BsonDocument addressed : addressed(command)) {
                checked++;
                if (!names(addressed, plan.shardKeyFields().get(0))) {
                    untargeted.add(command.name() + " " + command.collection() + " " + addressed.toJson());
                }
            }
            if (isWrite(command.name())) {
                BsonDocument concern = command.body().getDocument("writeConcern", new BsonDocument());
                assertEquals("majority", concern.isString("w") ? concern.getString("w").getValue() : null,
                        command.name() + " " + command.collection() + " asks for a majority");
            }
        }
        assertTrue(checked > 20, "the flow ran " + checked + " addressed operations");
        assertEquals(List.of(), untargeted);
    }

    /** Start, post with an Idempotency-Key, stream, read, list, regenerate, follow, rename: what users do all day. */
    private static void exerciseTheHotPaths() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType("application/json").header("Idempotency-Key", "k-" + System.nanoTime())
                .body(Map.of("user_email", email, "text", "Again")).post("/conversations/{id}/messages", id).then()
                .statusCode(201);
        try (SseClient stream = SseClient.post("/conversations/" + id + "/messages",
                Map.of("user_email", email, "text", "Stream [[tokens 3]]"))) {
            stream.until(event -> "end".equals(event.id()));
        }
        Api.read(id, email).statusCode(200);
        given().get("/conversations/user/{e}", email).then().statusCode(200);
        String reply = Api.read(id, email).extract().path("messages[-1].id");
        Api.regenerate(id, reply, email).statusCode(201);
        String latest = Api.read(id, email).extract().path("messages[-1].id");
        try (SseClient follow = SseClient.get("/conversations/" + id + "/messages/" + latest + "/events?user_email="
                + email, null)) {
            follow.until(event -> "end".equals(event.id()));
        }
        given().contentType("application/json").body(Map.of("user_email", email, "title", "Renamed"))
                .patch("/conversations/{id}", id).then().statusCode(200);
        given().get("/users/{e}/usage", email).then().statusCode(200);
    }

    /** The documents a command addresses: its filters, or the documents it inserts. */
    private static List<BsonDocument> addressed(Command command) {
        BsonDocument body = command.body();
        return switch (command.name()) {
            case "find" -> List.of(body.getDocument("filter", new BsonDocument()));
            case "count" -> List.of(body.getDocument("query", new BsonDocument()));
            case "findAndModify" -> List.of(body.getDocument("query", new BsonDocument()));
            case "aggregate" -> List.of(body.getArray("pipeline").get(0).asDocument()
                    .getDocument("$match", new BsonDocument()));
            case "update" -> body.getArray("updates").stream().map(update -> update.asDocument().getDocument("q")).toList();
            case "delete" -> body.getArray("deletes").stream().map(delete -> delete.asDocument().getDocument("q")).toList();
            case "insert" -> body.getArray("documents").stream().map(BsonValue::asDocument).toList();
            default -> List.of();
        };
    }

    /** Whether the filter or document pins the field to one value (or, for a delete of several, to a few). */
    private static boolean names(BsonDocument addressed, String field) {
        BsonValue value = addressed.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isDocument()) {
            return true;
        }
        BsonDocument condition = value.asDocument();
        return condition.containsKey("$eq") || condition.containsKey("$in")
                || condition.keySet().stream().noneMatch(key -> key.startsWith("$"));
    }

    private static boolean isWrite(String name) {
        return List.of("insert", "update", "delete", "findAndModify").contains(name);
    }

    /** The sweep of abandoned replies is a background scatter-gather by design (docs/scaling.md). */
    private static boolean isBackgroundSweep(Command command) {
        return command.name().equals("update") && command.body().toJson().contains("\"updatedAt\": {\"$lt\"");
    }
}
