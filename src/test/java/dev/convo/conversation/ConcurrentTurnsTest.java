package dev.convo.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class ConcurrentTurnsTest {

    private static final int POSTS = 20;

    @Test
    void twentyConcurrentPostsToOneConversationAreAllStoredWithDistinctOrderedSequences() throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        List<Callable<Integer>> posts = IntStream.range(0, POSTS)
                .mapToObj(i -> (Callable<Integer>) () -> Api.post(id, email, "message " + i).extract().statusCode())
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(POSTS);
        try {
            for (Future<Integer> status : pool.invokeAll(posts)) {
                assertEquals(201, status.get());
            }
        } finally {
            pool.shutdownNow();
        }

        JsonPath stored = Api.read(id, email).statusCode(200).extract().jsonPath();
        List<Integer> seqs = stored.getList("messages.seq", Integer.class);
        List<String> roles = stored.getList("messages.role");
        List<String> texts = stored.getList("messages.text");
        assertEquals(2 + 2 * POSTS, seqs.size(), "every message is stored");
        assertEquals(2 + 2 * POSTS, stored.getInt("conversation.messageCount"));
        assertEquals(seqs.size(), new HashSet<>(seqs).size(), "no sequence number is used twice");
        Set<String> userTexts = new HashSet<>();
        for (int i = 0; i < seqs.size(); i += 2) {
            assertEquals("user", roles.get(i));
            assertEquals("assistant", roles.get(i + 1));
            assertEquals(seqs.get(i) + 1, seqs.get(i + 1), "a reply directly follows its message");
            assertEquals("Echo: " + texts.get(i), texts.get(i + 1));
            assertTrue(i == 0 || seqs.get(i) > seqs.get(i - 1), "messages come in sequence order");
            userTexts.add(texts.get(i));
        }
        List<String> expected = new ArrayList<>(List.of("Hello"));
        IntStream.range(0, POSTS).forEach(i -> expected.add("message " + i));
        assertEquals(new HashSet<>(expected), userTexts, "no message is lost");
    }
}
