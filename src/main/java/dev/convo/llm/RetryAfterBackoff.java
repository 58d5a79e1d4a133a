package dev.convo.llm;

import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with jitter between attempts, unless the upstream said how long to wait (Retry-After), which
 * is honoured up to a ceiling so that one turn never waits minutes.
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

    /** The longest wait between two attempts, whatever Retry-After says. */
    static final long MAX_DELAY_MILLIS = 10_000;

    private long nextDelay;

    @Override
    public void init(long initialDelayInMillis) {
        nextDelay = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        if (failure instanceof UpstreamStatusException status && status.retryAfterMillis() >= 0) {
            return Math.min(status.retryAfterMillis(), MAX_DELAY_MILLIS);
        }
        long delay = nextDelay + ThreadLocalRandom.current().nextLong(nextDelay / 4 + 1);
        nextDelay = Math.min(nextDelay * 2, MAX_DELAY_MILLIS);
        return Math.min(delay, MAX_DELAY_MILLIS);
    }
}
