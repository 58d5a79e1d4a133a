package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.convo.config.LlmConfig;
import dev.convo.llm.ModelBreaker.State;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The breaker's rules on a clock the test moves, without Quarkus.
 */
class ModelBreakerTest {

    private final AtomicLong now = new AtomicLong();
    /** Four calls in a minute's window, half failed, from two users; open for ten seconds. */
    private final ModelBreaker breaker = new ModelBreaker(config(), now::get);

    private static LlmConfig.CircuitBreaker config() {
        return new SmallRyeConfigBuilder().withMapping(LlmConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(Map.of("llm.circuit-breaker.request-volume", "4", "llm.circuit-breaker.min-users", "2",
                        "llm.circuit-breaker.window", "60s", "llm.circuit-breaker.delay-millis", "10000"))
                .build().getConfigMapping(LlmConfig.class).circuitBreaker();
    }

    private void later(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void oneUsersFailuresNeverOpenIt() {
        for (int i = 0; i < 50; i++) {
            breaker.failed("unlucky@example.com");
        }
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
    }

    @Test
    void failuresOfSeveralUsersOpenItOnceTheWindowHoldsEnoughCalls() {
        breaker.failed("a@example.com");
        breaker.answered();
        breaker.failed("b@example.com");
        assertEquals(State.CLOSED, breaker.state(), "three calls are fewer than the volume");
        breaker.failed("a@example.com");
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.allow());
    }

    @Test
    void aLowFailureRatioKeepsItClosed() {
        breaker.failed("a@example.com");
        breaker.failed("b@example.com");
        for (int i = 0; i < 3; i++) {
            breaker.answered();
        }
        breaker.answered();
        breaker.failed("c@example.com");
        assertEquals(State.CLOSED, breaker.state(), "3 failures in 7 calls");
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        breaker.failed("a@example.com");
        breaker.failed("b@example.com");
        breaker.failed("c@example.com");
        later(Duration.ofSeconds(61));
        breaker.failed("d@example.com");
        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void afterTheDelayOneTrialGoesThroughAndItsAnswerClosesIt() {
        openIt();
        later(Duration.ofSeconds(9));
        assertFalse(breaker.allow());
        later(Duration.ofSeconds(1));
        assertTrue(breaker.allow(), "the trial call");
        assertEquals(State.HALF_OPEN, breaker.state());
        assertFalse(breaker.allow(), "only one trial at a time");
        breaker.answered();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.allow());
        breaker.failed("a@example.com");
        assertEquals(State.CLOSED, breaker.state(), "the old failures are gone with the outage");
    }

    @Test
    void aFailedTrialOpensItAgainForTheWholeDelay() {
        openIt();
        later(Duration.ofSeconds(10));
        assertTrue(breaker.allow());
        breaker.failed("z@example.com");
        assertEquals(State.OPEN, breaker.state());
        later(Duration.ofSeconds(5));
        assertFalse(breaker.allow());
    }

    @Test
    void anAbandonedTrialLetsTheNextCallTry() {
        openIt();
        later(Duration.ofSeconds(10));
        assertTrue(breaker.allow());
        breaker.abandoned();
        assertTrue(breaker.allow());
    }

    private void openIt() {
        for (String user : new String[] { "a@example.com", "b@example.com", "a@example.com", "b@example.com" }) {
            breaker.failed(user);
        }
        assertEquals(State.OPEN, breaker.state());
    }
}
