package dev.convo.stream;

import java.util.Map;

import dev.convo.conversation.Message;
import dev.convo.conversation.MessageView;

/**
 * One Server-Sent Event of a streamed reply. Its id says how far the client has come, so a resumed stream
 * picks up there: {@code 0} for the first event, the length of the reply's text after each {@code delta}, and
 * {@code end} for the last event ({@code done} or {@code error}).
 */
public record StreamEvent(String id, String name, Object data) {

    public static final String END = "end";

    static StreamEvent started(Message user, Message reply) {
        return new StreamEvent("0", "message",
                Map.of("userMessage", MessageView.of(user), "assistantMessage", MessageView.of(reply)));
    }

    static StreamEvent delta(String text, int offset) {
        return new StreamEvent(String.valueOf(offset), "delta", Map.of("text", text));
    }

    static StreamEvent done(Message reply) {
        return new StreamEvent(END, "done", Map.of("message", MessageView.of(reply)));
    }

    static StreamEvent error(Object problem) {
        return new StreamEvent(END, "error", problem);
    }
}
