package dev.convo.conversation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.convo.error.ProblemException;

/**
 * Reads the paging parameters clients send, so a bad value is a 400 naming the parameter, never a 500.
 */
final class Paging {

    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 100_000;

    private Paging() {
    }

    static int limit(String raw, int defaultLimit) {
        return number(raw, "limit", defaultLimit, MAX_LIMIT);
    }

    static int page(String raw) {
        return number(raw, "page", 1, MAX_PAGE);
    }

    /** A message cursor is the sequence number the next page ends before. */
    static String messageCursor(long beforeSeq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("m" + beforeSeq).getBytes(StandardCharsets.UTF_8));
    }

    static long beforeSeq(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (plain.startsWith("m")) {
                long seq = Long.parseLong(plain.substring(1));
                if (seq > 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as any other cursor this service did not issue
        }
        throw invalidCursor();
    }

    static ProblemException invalidCursor() {
        return ProblemException.invalidField("cursor", "is not a cursor this service issued");
    }

    private static int number(String raw, String name, int defaultValue, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the range message, which says what is accepted
        }
        throw ProblemException.invalidField(name, "must be a whole number from 1 to " + max);
    }
}
