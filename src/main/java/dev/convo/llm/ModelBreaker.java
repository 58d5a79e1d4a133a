package dev.convo.llm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

import dev.convo.config.LlmConfig;
import io.quarkus.logging.Log;

/**
 * The model endpoint's circuit breaker: it opens for an outage, not for one user's bad luck. It counts calls (a call
 * and its retries once) over a rolling time window, and only the upstream's outages: it opens when at least
 * {@code requestVolume} calls ended in the window, at least {@code failureRatio} of them failed, and the failures
 * came from at least {@code minUsers} users. Open, it refuses calls for {@code delay}; then one trial call goes
 * through (half-open) and its outcome closes or reopens it.
 */
public final class ModelBreaker {

    /** Where the breaker is. */
    public enum State {
        CLOSED,
        HALF_OPEN,
        OPEN
    }

    /** Most outcomes kept, so that a very busy window cannot hold unbounded memory. */
    private static final int MAX_OUTCOMES = 10_000;

    private record Outcome(long atNanos, String failedUser) {
    }

    private final String model;
    private final LlmConfig.CircuitBreaker config;
    private final LongSupplier nanoClock;
    private final Deque<Outcome> window = new ArrayDeque<>();
    private State state = State.CLOSED;
    private long openUntilNanos;

    public ModelBreaker(LlmConfig.CircuitBreaker config, LongSupplier nanoClock) {
        this("model", config, nanoClock);
    }

    /** The breaker of the model {@code model} (named in its log lines). */
    public ModelBreaker(String model, LlmConfig.CircuitBreaker config, LongSupplier nanoClock) {
        this.model = model;
        this.config = config;
        this.nanoClock = nanoClock;
    }

    /** Whether a call may go out now; in half-open, only the one trial call may. */
    public synchronized boolean allow() {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && nanoClock.getAsLong() - openUntilNanos >= 0) {
            state = State.HALF_OPEN;
            Log.infof("Circuit breaker of %s half-open: one trial call goes through", model);
            return true;
        }
        return false;
    }

    /** The upstream answered (a reply, or a refusal of this request that says it is up). */
    public synchronized void answered() {
        if (state == State.HALF_OPEN) {
            close();
            return;
        }
        add(new Outcome(nanoClock.getAsLong(), null));
    }

    /** The upstream failed this user's call in a way that says it is down (connect error, timeout, 5xx, cut). */
    public synchronized void failed(String user) {
        long now = nanoClock.getAsLong();
        if (state == State.HALF_OPEN) {
            open(now, "the trial call failed");
            return;
        }
        add(new Outcome(now, user == null ? "" : user));
        if (state == State.CLOSED && outage(now)) {
            open(now, "calls are failing for several users");
        }
    }

    /** A call ended with no word about the upstream (cancelled): a half-open breaker lets the next one try. */
    public synchronized void abandoned() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
            openUntilNanos = nanoClock.getAsLong();
        }
    }

    public synchronized State state() {
        return state;
    }

    /** How long a refused caller should wait. */
    public Duration retryAfter() {
        return Duration.ofMillis(config.delayMillis());
    }

    private boolean outage(long now) {
        long since = now - config.window().toNanos();
        while (!window.isEmpty() && window.peekFirst().atNanos() - since < 0) {
            window.removeFirst();
        }
        int failures = 0;
        Set<String> users = new HashSet<>();
        for (Outcome outcome : window) {
            if (outcome.failedUser() != null) {
                failures++;
                users.add(outcome.failedUser());
            }
        }
        return window.size() >= config.requestVolume() && failures >= config.failureRatio() * window.size()
                && users.size() >= config.minUsers();
    }

    private void add(Outcome outcome) {
        if (window.size() >= MAX_OUTCOMES) {
            window.removeFirst();
        }
        window.addLast(outcome);
    }

    private void open(long now, String why) {
        state = State.OPEN;
        openUntilNanos = now + Duration.ofMillis(config.delayMillis()).toNanos();
        Log.warnf("Circuit breaker of %s open for %d ms: %s", model, config.delayMillis(), why);
    }

    private void close() {
        state = State.CLOSED;
        window.clear();
        Log.infof("Circuit breaker of %s closed: the trial call was answered", model);
    }
}
