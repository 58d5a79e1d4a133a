package dev.convo.stream;

import java.util.ArrayList;
import java.util.List;

import org.bson.types.ObjectId;

import dev.convo.conversation.Message;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;

/**
 * What a follower of one reply has seen, and so which events each newly read state of the stored reply gives it:
 * the text past its offset as one {@code delta}, then {@code done} or {@code error} once the reply has ended.
 */
final class FollowedReply {

    private final ObjectId replyId;
    private final boolean fromStart;
    private int offset;
    private boolean ended;

    /** {@code lastEventId}: the id of the last event the client saw ({@code Last-Event-ID}); null or blank for none. */
    FollowedReply(ObjectId replyId, String lastEventId) {
        this.replyId = replyId;
        this.fromStart = lastEventId == null || lastEventId.isBlank();
        this.offset = offsetAfter(lastEventId);
    }

    /** Whether the client saw nothing yet, so the stream opens with the started event. */
    boolean fromStart() {
        return fromStart;
    }

    /** The events that this state of the stored reply adds to what the client has seen. */
    List<StreamEvent> eventsFor(Message message) {
        if (ended) {
            return List.of();
        }
        String stored = message.text == null ? "" : message.text;
        List<StreamEvent> out = new ArrayList<>(2);
        if (offset >= 0 && stored.length() > offset) {
            out.add(StreamEvent.delta(stored.substring(offset), stored.length()));
            offset = stored.length();
        }
        if (message.status.isFinished()) {
            ended = true;
            out.add(message.status == Message.Status.FAILED ? StreamEvent.error(failureOf(message))
                    : StreamEvent.done(message));
        }
        return out;
    }

    private Object failureOf(Message message) {
        ProblemCode code = ProblemCode.of(message.errorCode).orElse(ProblemCode.LLM_UNAVAILABLE);
        return new ProblemException(code, "The reply could not be completed.")
                .with("assistantMessageId", replyId.toHexString()).toProblem();
    }

    /**
     * The text offset a client has seen: -1 when it saw the end already, so only the last event is sent again; a 400
     * for an id this service never sends.
     */
    static int offsetAfter(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        if (StreamEvent.END.equals(lastEventId.strip())) {
            return -1;
        }
        try {
            return Math.max(0, Integer.parseInt(lastEventId.strip()));
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("Last-Event-ID", "must be an event id this service sent");
        }
    }
}
