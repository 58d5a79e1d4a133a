package dev.convo.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.convo.contract.Contract;
import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A per-minute limit holds exactly when one user sends many turns at once: no more are let through, none of the
 * refused ones stores anything.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(ConcurrentLimitTest.FiftyAMinute.class)
class ConcurrentLimitTest {

    private static final int LIMIT = 50;
    private static final int TURNS = 500;

    /** Fifty turns a minute per user. */
    public static class FiftyAMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.requests-per-minute", String.valueOf(LIMIT));
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void fiveHundredTurnsAtOnceLetThroughExactlyTheLimit() {
        UsageTesting.awayFromAMinuteBoundary();
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello"); // the first turn of the minute
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<Integer>> turns = IntStream.range(0, TURNS).mapToObj(i -> http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/conversations/" + id + "/messages"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(Map.of("user_email", email,
                                "text", "Turn " + i)).encode())).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(Contract::checked).thenApply(HttpResponse::statusCode)).toList();
        Map<Integer, Long> statuses = turns.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of(201, (long) LIMIT - 1, 429, (long) TURNS - LIMIT + 1), statuses);
        assertEquals(2L * LIMIT, Message.count("conversationId", new ObjectId(id)).await().indefinitely());
    }
}
