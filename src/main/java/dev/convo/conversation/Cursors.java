package dev.convo.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

import org.bson.types.ObjectId;

import dev.convo.error.ProblemException;

/**
 * The opaque cursors of paged answers, with one codec for every kind: where a page of a user's conversations ended
 * (the last one's activity time and id), the sequence number a page of messages ends before (a conversation stored
 * as a line), the message a page of a branch continues from, and where a page of feedback ended. A cursor this
 * service did not issue is a 400 naming {@code cursor}, never a 500.
 */
public final class Cursors {

    private static final String MESSAGE_PREFIX = "m";
    private static final String FEEDBACK_PREFIX = "f";
    private static final String BRANCH_PREFIX = "b";

    private Cursors() {
    }

    /** Where a page of conversations ended. */
    public record ConversationPosition(Instant lastActivityAt, ObjectId id) {

        public static ConversationPosition after(Conversation last) {
            return new ConversationPosition(last.lastActivityAt, last.id);
        }
    }

    public static String conversations(ConversationPosition position) {
        return encode(position.lastActivityAt().toEpochMilli() + ":" + position.id().toHexString());
    }

    /** The position a client sent back, or null when it sent none. */
    public static ConversationPosition conversationsAfter(String cursor) {
        return decode(cursor, plain -> {
            String[] parts = plain.split(":");
            return parts.length == 2 && ObjectId.isValid(parts[1])
                    ? Optional.of(new ConversationPosition(Instant.ofEpochMilli(Long.parseLong(parts[0])),
                            new ObjectId(parts[1])))
                    : Optional.empty();
        });
    }

    /** Where a page of rated replies ended: the last one's rating time and id. */
    record FeedbackPosition(Instant at, ObjectId id) {
    }

    static String feedback(FeedbackPosition position) {
        return encode(FEEDBACK_PREFIX + position.at().toEpochMilli() + ":" + position.id().toHexString());
    }

    /** The position a client sent back, or null when it sent none. */
    static FeedbackPosition feedbackAfter(String cursor) {
        return decode(cursor, plain -> {
            String[] parts = plain.startsWith(FEEDBACK_PREFIX) ? plain.substring(1).split(":") : new String[0];
            return parts.length == 2 && ObjectId.isValid(parts[1])
                    ? Optional.of(new FeedbackPosition(Instant.ofEpochMilli(Long.parseLong(parts[0])),
                            new ObjectId(parts[1])))
                    : Optional.empty();
        });
    }

    /** Where a page of a branch continues upwards: the message it continues from. */
    static String branchFrom(ObjectId messageId) {
        return encode(BRANCH_PREFIX + messageId.toHexString());
    }

    /** The message a page of a branch starts from, or null when the client sent no cursor. */
    static ObjectId branchFromCursor(String cursor) {
        return decode(cursor, plain -> plain.startsWith(BRANCH_PREFIX) && ObjectId.isValid(plain.substring(1))
                ? Optional.of(new ObjectId(plain.substring(1))) : Optional.empty());
    }

    static String messages(long beforeSeq) {
        return encode(MESSAGE_PREFIX + beforeSeq);
    }

    /** The sequence number the page ends before; after every message when the client sent no cursor. */
    static long messagesBefore(String cursor) {
        Long seq = decode(cursor, plain -> plain.startsWith(MESSAGE_PREFIX)
                ? Optional.of(Long.parseLong(plain.substring(MESSAGE_PREFIX.length()))).filter(value -> value > 0)
                : Optional.empty());
        return seq == null ? Long.MAX_VALUE : seq;
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T decode(String cursor, Function<String, Optional<T>> parse) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            Optional<T> position = parse.apply(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (position.isPresent()) {
                return position.get();
            }
        } catch (IllegalArgumentException e) {
            // not Base64 or not a number: the same answer as any other cursor this service did not issue
        }
        throw ProblemException.invalidField("cursor", "is not a cursor this service issued");
    }
}
