package dev.convo.conversation;

import dev.convo.error.ProblemException;

/**
 * Reads the numeric paging parameters clients send, so a bad value is a 400 naming the parameter, never a 500.
 */
public final class Paging {

    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 100_000;

    private Paging() {
    }

    public static int limit(String raw, int defaultLimit) {
        return number(raw, "limit", defaultLimit, MAX_LIMIT);
    }

    static int page(String raw) {
        return number(raw, "page", 1, MAX_PAGE);
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
