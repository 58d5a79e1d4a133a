package dev.convo.llm;

import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * The upstream answered with an error status. Of its body only the error's short type is kept (OpenAI's
 * {@code error.type} or {@code error.code}, when it is a plain identifier), never its text.
 */
class UpstreamStatusException extends RuntimeException {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_BODY = 16 * 1024;

    final int status;
    final String retryAfter;
    /** The upstream's error type, safe to show; null when it gave none. */
    final String reason;

    UpstreamStatusException(int status, String retryAfter, String reason) {
        super("upstream answered HTTP " + status, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.reason = reason;
    }

    /** How long the upstream asked us to wait, in milliseconds; -1 when it did not say (or said it as a date). */
    long retryAfterMillis() {
        try {
            return retryAfter == null ? -1 : Math.max(0, Long.parseLong(retryAfter.trim()) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The error type of an OpenAI-style error body ({@code {"error": {"type": ..., "code": ...}}}), if it is safe. */
    static String reasonOf(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            return null;
        }
        try {
            Object error = new JsonObject(body).getValue("error");
            if (!(error instanceof JsonObject details)) {
                return null;
            }
            for (String field : new String[] { "type", "code" }) {
                Object value = details.getValue(field);
                if (value instanceof String text && IDENTIFIER.matcher(text).matches()) {
                    return text;
                }
            }
        } catch (RuntimeException e) {
            // not JSON: no reason
        }
        return null;
    }
}
