package dev.convo.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * How a page of messages shows regenerated replies, without Quarkus: the newest version stands in the list and
 * carries the earlier ones under {@code versions}.
 */
class ReplyVersionsTest {

    private final ObjectId conversation = new ObjectId();

    private Message user(long seq) {
        return Message.fromUser(conversation, seq, "question " + seq);
    }

    private Message reply(Message user, long seq, int version, boolean superseded) {
        Message reply = Message.pendingReply(user, seq, false, version, null);
        reply.status = Message.Status.COMPLETE;
        reply.text = "answer " + seq;
        reply.supersededAt = superseded ? Instant.now() : null;
        return reply;
    }

    @Test
    void aPlainConversationReadsAsItIsStored() {
        Message question = user(1);
        List<MessageView> views = MessageView.listOf(List.of(question, reply(question, 2, 1, false)));
        assertEquals(List.of(1L, 2L), views.stream().map(MessageView::seq).toList());
        assertNull(views.get(1).versions());
        assertEquals(1, views.get(1).version());
        assertNull(views.get(0).version(), "a user message has no version");
    }

    @Test
    void earlierVersionsAreListedUnderTheNewestOneOnly() {
        Message question = user(1);
        Message first = reply(question, 2, 1, true);
        Message second = reply(question, 3, 2, true);
        Message third = reply(question, 4, 3, false);
        List<MessageView> views = MessageView.listOf(List.of(question, first, second, third));
        assertEquals(2, views.size());
        MessageView newest = views.get(1);
        assertEquals(3, newest.version());
        assertEquals(List.of(1, 2), newest.versions().stream().map(MessageView::version).toList());
    }

    @Test
    void anEarlierVersionWhoseNewestIsOnAnotherPageStandsAlone() {
        Message question = user(1);
        Message first = reply(question, 2, 1, true);
        List<MessageView> views = MessageView.listOf(List.of(question, first));
        assertEquals(2, views.size());
        assertEquals(1, views.get(1).version());
        assertNull(views.get(1).versions());
    }

    @Test
    void versionsOfDifferentQuestionsAreNotMixed() {
        Message one = user(1);
        Message two = user(4);
        List<MessageView> views = MessageView.listOf(List.of(one, reply(one, 2, 1, true), reply(one, 3, 2, false),
                two, reply(two, 5, 1, false)));
        assertEquals(4, views.size());
        assertEquals(1, views.get(1).versions().size());
        assertNull(views.get(3).versions());
    }
}
