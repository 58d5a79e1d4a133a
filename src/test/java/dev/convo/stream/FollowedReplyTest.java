package dev.convo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.conversation.Message;
import dev.convo.error.Problem;
import dev.convo.error.ProblemException;

/**
 * Which events a follower of a reply gets from each stored state, without Quarkus or a database.
 */
class FollowedReplyTest {

    private final ObjectId replyId = new ObjectId();

    private Message stored(String text, Message.Status status) {
        Message message = Message.pendingReply(Message.fromUser(new ObjectId(), 1, "hi"), 2, true, 1, null);
        message.id = replyId;
        message.text = text;
        message.status = status;
        return message;
    }

    private static List<String> names(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::name).toList();
    }

    @Test
    void aFollowerFromTheStartGetsOnlyWhatIsNewEachTime() {
        FollowedReply followed = new FollowedReply(replyId, null);
        assertTrue(followed.fromStart());
        List<StreamEvent> first = followed.eventsFor(stored("Hel", Message.Status.STREAMING));
        List<StreamEvent> unchanged = followed.eventsFor(stored("Hel", Message.Status.STREAMING));
        List<StreamEvent> more = followed.eventsFor(stored("Hello", Message.Status.STREAMING));
        assertEquals(Map.of("text", "Hel"), first.get(0).data());
        assertEquals("3", first.get(0).id());
        assertEquals(List.of(), unchanged);
        assertEquals(Map.of("text", "lo"), more.get(0).data());
        assertEquals("5", more.get(0).id());
    }

    @Test
    void aResumedFollowerStartsAfterTheOffsetItSaw() {
        FollowedReply followed = new FollowedReply(replyId, "4");
        List<StreamEvent> events = followed.eventsFor(stored("Hello world", Message.Status.COMPLETE));
        assertEquals(List.of("delta", "done"), names(events));
        assertEquals(Map.of("text", "o world"), events.get(0).data());
        assertEquals(StreamEvent.END, events.get(1).id());
    }

    @Test
    void aFollowerThatSawTheEndGetsOnlyTheLastEventAgain() {
        FollowedReply followed = new FollowedReply(replyId, "end");
        assertEquals(List.of("done"), names(followed.eventsFor(stored("Hello", Message.Status.STOPPED))));
    }

    @Test
    void afterTheEndNothingMoreIsSent() {
        FollowedReply followed = new FollowedReply(replyId, null);
        followed.eventsFor(stored("Hi", Message.Status.COMPLETE));
        assertEquals(List.of(), followed.eventsFor(stored("Hi", Message.Status.COMPLETE)));
    }

    @Test
    void aFailedReplyEndsWithItsStoredCodeAndItsId() {
        Message failed = stored("Part", Message.Status.FAILED);
        failed.errorCode = "llm_timeout";
        List<StreamEvent> events = new FollowedReply(replyId, null).eventsFor(failed);
        assertEquals(List.of("delta", "error"), names(events));
        Problem problem = (Problem) events.get(1).data();
        assertEquals("llm_timeout", problem.code());
        assertEquals(504, problem.status());
        assertEquals(replyId.toHexString(), problem.extensions().get("assistantMessageId"));
    }

    @Test
    void anEventIdThisServiceDidNotSendIsRefused() {
        ProblemException refused = assertThrows(ProblemException.class, () -> new FollowedReply(replyId, "abc"));
        assertEquals("validation_failed", refused.code());
    }
}
