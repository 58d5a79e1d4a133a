package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The wait between two attempts of a model call, without Quarkus.
 */
class RetryAfterBackoffTest {

    @Test
    void withoutRetryAfterTheWaitDoublesWithAtMostAQuarterOfJitter() {
        RetryAfterBackoff backoff = new RetryAfterBackoff();
        backoff.init(100);
        long first = backoff.nextDelayInMillis(new IOException("reset"));
        long second = backoff.nextDelayInMillis(new IOException("reset"));
        long third = backoff.nextDelayInMillis(new UpstreamStatusException(503, null, null));
        assertTrue(first >= 100 && first <= 125, "first " + first);
        assertTrue(second >= 200 && second <= 250, "second " + second);
        assertTrue(third >= 400 && third <= 500, "third " + third);
    }

    @Test
    void theUpstreamsRetryAfterWins() {
        RetryAfterBackoff backoff = new RetryAfterBackoff();
        backoff.init(100);
        assertEquals(3_000, backoff.nextDelayInMillis(new UpstreamStatusException(429, "3", null)));
    }

    @Test
    void noWaitIsLongerThanTheCeilingWhateverTheUpstreamSays() {
        RetryAfterBackoff backoff = new RetryAfterBackoff();
        backoff.init(100);
        assertEquals(RetryAfterBackoff.MAX_DELAY_MILLIS, backoff.nextDelayInMillis(new UpstreamStatusException(429, "3600", null)));
        backoff.init(8_000);
        backoff.nextDelayInMillis(new IOException("reset"));
        assertEquals(RetryAfterBackoff.MAX_DELAY_MILLIS, backoff.nextDelayInMillis(new IOException("reset")));
    }

    @Test
    void aRetryAfterGivenAsADateFallsBackToTheBackoff() {
        RetryAfterBackoff backoff = new RetryAfterBackoff();
        backoff.init(100);
        long delay = backoff.nextDelayInMillis(new UpstreamStatusException(429, "Wed, 21 Oct 2026 07:28:00 GMT", null));
        assertTrue(delay >= 100 && delay <= 125, "delay " + delay);
    }
}
