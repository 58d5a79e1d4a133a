package dev.convo.turn;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.CommandRecorder;
import dev.convo.testing.CommandRecorder.Command;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What each kind of turn costs the database, counted by the driver's command listener from the request to the end of
 * its background work (usage, titles): the commands that name the turn's conversation or user. Every turn is paid
 * for by the database first (bench/README.md), so these budgets may only go down; a change that raises one must
 * change it here, on purpose.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class TurnCostTest {

    @Test
    void startingAConversation() {
        String email = Api.newUser();
        Map<String, Long> cost = costOf(email, () -> Api.startConversation(email, "Hello"));
        // the owner, both messages, the conversation (holding the user message as the model's history), the reply,
        // the reply joining that history, its usage
        assertEquals(Map.of("find users", 1L, "insert messages", 1L, "insert conversations", 1L,
                "update messages", 1L, "update conversations", 1L, "update usage_days", 1L), cost);
    }

    @Test
    void postingAMessage() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Map<String, Long> cost = costOf(email, () -> {
            Api.post(id, email, "Again").statusCode(201);
            return id;
        });
        // reserve the numbers (with the ownership check; the history comes with it), store both messages, store the
        // reply, add the turn to the conversation's history, account for its usage: nothing is read
        assertEquals(Map.of("findAndModify conversations", 1L, "insert messages", 1L, "update messages", 1L,
                "update conversations", 1L, "update usage_days", 1L), cost);
    }

    @Test
    void postingAStreamedMessage() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Map<String, Long> cost = costOf(email, () -> {
            SseClient.turn(id, email, "Stream [[tokens 3]]");
            return id;
        });
        // the reply's progress is saved every CHAT_STREAM_FLUSH_INTERVAL while it streams: at most once here
        Long progress = cost.remove("findAndModify messages");
        assertTrue(progress == null || progress <= 1, "progress saved " + progress + " times");
        // as a JSON turn, and the ownership check that lets a refused stream be answered with its status
        assertEquals(Map.of("find conversations", 1L, "findAndModify conversations", 1L, "insert messages", 1L,
                "update messages", 1L, "update conversations", 1L, "update usage_days", 1L), cost);
    }

    @Test
    void regeneratingAReply() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "Again").statusCode(201);
        String reply = Api.read(id, email).extract().path("messages[-1].id");
        Map<String, Long> cost = costOf(email, () -> {
            Api.regenerate(id, reply, email).statusCode(201);
            return id;
        });
        // the ownership check with the previous version, the reserved number (taking the previous version out of the
        // history that comes with it), the previous version superseded, the new version stored and completed, and
        // added to the history, its usage
        assertEquals(Map.of("find conversations", 1L, "find messages", 1L, "findAndModify conversations", 1L,
                "insert messages", 1L, "update messages", 2L, "update conversations", 1L, "update usage_days", 1L),
                cost);
    }

    @Test
    void readingAConversationWithBranches() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        Api.post(id, email, "Again").statusCode(201);
        String first = Api.read(id, email).extract().path("messages[0].id");
        given().contentType("application/json").body(Map.of("user_email", email, "text", "Hello, edited"))
                .post("/conversations/{id}/messages/{m}/edit", id, first).then().statusCode(201);
        // the three replies' usage is counted in the background: not during the read measured
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/users/{e}/usage", email).then()
                .body("total.replies", org.hamcrest.Matchers.equalTo(3)));
        Map<String, Long> cost = costOf(email, () -> {
            Api.read(id, email).statusCode(200).body("messages[0].versionCount", org.hamcrest.Matchers.equalTo(2));
            return id;
        });
        // the ownership check and the newest messages, at once: the branch shown and every message's versions come
        // from them (a conversation of more messages than that read also asks for the versions by parent)
        assertEquals(Map.of("find conversations", 1L, "find messages", 1L), cost);
    }

    /**
     * The commands that name the user or the conversation while {@code turn} runs and until the service has been
     * quiet for a while, by command and collection. The turn returns its conversation's id.
     */
    private static Map<String, Long> costOf(String email, Supplier<String> turn) {
        CommandRecorder.start();
        String conversation = turn.get();
        AtomicInteger seen = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(400))
                .until(() -> seen.getAndSet(CommandRecorder.size()) == CommandRecorder.size());
        List<Command> commands = CommandRecorder.stop();
        return new TreeMap<>(commands.stream()
                .filter(command -> names(command, email) || names(command, conversation))
                .collect(Collectors.groupingBy(command -> command.name() + " " + command.collection(),
                        Collectors.counting())));
    }

    private static boolean names(Command command, String value) {
        return value != null && command.body().toJson().contains(value);
    }
}
