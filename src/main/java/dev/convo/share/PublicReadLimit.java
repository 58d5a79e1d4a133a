package dev.convo.share;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;

/**
 * Limits how often one client address reads shared conversations: a count per address and minute, in this replica's
 * memory (the public route is for people following a link; a guesser meets the 256-bit tokens as well as this). The
 * address is the connection's, or the one a trusted proxy forwards when quarkus.http.proxy is set up to take it.
 */
@ApplicationScoped
class PublicReadLimit {

    /** More addresses than this in one minute: the counts start over rather than grow without bound. */
    private static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong minute = new AtomicLong();

    PublicReadLimit(ChatConfig config) {
        this.perMinute = config.shares().readsPerMinute();
    }

    /** Counts a read from {@code address}, or fails with 429 {@code rate_limited} past the minute's allowance. */
    void admit(String address) {
        long now = Instant.now().getEpochSecond() / 60;
        long seen = minute.get();
        if (now != seen && minute.compareAndSet(seen, now) || counts.size() > MAX_ADDRESSES) {
            counts.clear();
        }
        if (counts.computeIfAbsent(address, key -> new AtomicInteger()).incrementAndGet() > perMinute) {
            throw new ProblemException(ProblemCode.RATE_LIMITED, "Too many reads of shared conversations this minute.")
                    .retryAfter(Duration.ofSeconds(60 - Instant.now().getEpochSecond() % 60));
        }
    }
}
