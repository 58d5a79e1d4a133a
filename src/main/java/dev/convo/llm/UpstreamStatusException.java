package dev.convo.llm;

/**
 * The upstream answered with an error status; its body is deliberately not kept.
 */
class UpstreamStatusException extends RuntimeException {

    final int status;
    final String retryAfter;

    UpstreamStatusException(int status, String retryAfter) {
        super("upstream answered HTTP " + status, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** How long the upstream asked us to wait, in milliseconds; -1 when it did not say (or said it as a date). */
    long retryAfterMillis() {
        try {
            return retryAfter == null ? -1 : Math.max(0, Long.parseLong(retryAfter.trim()) * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
