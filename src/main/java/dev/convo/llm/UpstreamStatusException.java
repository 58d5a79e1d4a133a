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
}
