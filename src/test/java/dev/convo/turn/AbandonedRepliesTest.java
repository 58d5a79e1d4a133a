package dev.convo.turn;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.inject.Inject;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.conversation.Message;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A reply whose writer died (a killed replica, a database outage longer than its retries) does not stay
 * {@code pending} or {@code streaming} for ever: the sweep, a follower or a regenerate ends it as
 * {@code generation_lost}.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class AbandonedRepliesTest {

    @Inject
    AbandonedReplies sweep;

    /** A conversation whose reply is left unfinished, last shown alive {@code ago}, as a dead replica leaves it. */
    private static String[] abandonedTurn(String email, Message.Status status, Duration ago) {
        String id = Api.startConversation(email, "Hello");
        String replyId = Api.read(id, email).extract().path("messages[1].id");
        Message.mongoCollection().updateOne(new Document("_id", new ObjectId(replyId)),
                new Document("$set", new Document("status", status.name()).append("text", "Half a")
                        .append("updatedAt", Date.from(Instant.now().minus(ago))))).await().indefinitely();
        return new String[] { id, replyId };
    }

    private static String statusOf(String id, String email) {
        return Api.read(id, email).extract().path("messages[1].status");
    }

    @Test
    void theSweepEndsAbandonedPlainAndStreamedRepliesAndLeavesLiveOnes() {
        String email = Api.newUser();
        String[] deadPlain = abandonedTurn(email, Message.Status.PENDING, Duration.ofHours(1));
        String[] deadStream = abandonedTurn(email, Message.Status.STREAMING, Duration.ofMinutes(5));
        String[] liveStream = abandonedTurn(email, Message.Status.STREAMING, Duration.ofSeconds(1));
        sweep.sweep().await().indefinitely();
        for (String[] dead : List.of(deadPlain, deadStream)) {
            Api.read(dead[0], email).body("messages[1].status", equalTo("failed"))
                    .body("messages[1].errorCode", equalTo("generation_lost"))
                    .body("messages[1].text", equalTo("Half a"))
                    .body("messages[0].text", equalTo("Hello"));
        }
        assertEquals("streaming", statusOf(liveStream[0], email));
    }

    @Test
    void anAbandonedReplyCanBeRegeneratedAndALiveOneCannot() {
        String email = Api.newUser();
        String[] dead = abandonedTurn(email, Message.Status.PENDING, Duration.ofHours(1));
        Api.regenerate(dead[0], dead[1], email).statusCode(201).body("messages[1].version", equalTo(2));
        Api.read(dead[0], email).body("messages[1].versions[0].errorCode", equalTo("generation_lost"));

        String[] live = abandonedTurn(email, Message.Status.PENDING, Duration.ofSeconds(1));
        Api.regenerate(live[0], live[1], email).statusCode(409).body("code", equalTo("reply_in_progress"));
    }

    @Test
    void aFollowerOfAnAbandonedReplyIsToldItWasLost() {
        String email = Api.newUser();
        String[] dead = abandonedTurn(email, Message.Status.STREAMING, Duration.ofMinutes(5));
        List<Event> events;
        try (SseClient stream = SseClient.get("/conversations/" + dead[0] + "/messages/" + dead[1] + "/events?user_email="
                + email, null)) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertTrue(last.data().contains("generation_lost"), last.data());
    }
}
