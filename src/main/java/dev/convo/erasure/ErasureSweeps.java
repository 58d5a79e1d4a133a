package dev.convo.erasure;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.convo.user.Tombstone;

/**
 * Finishes erasures: the last sweep of those whose turns have had time to end, and the first sweep again of those
 * whose replica died before it ended. Every replica may run it: each step is idempotent.
 */
@ApplicationScoped
public class ErasureSweeps {

    /** A first sweep not done after this long died with its replica (one takes seconds). */
    static final Duration STALLED = Duration.ofMinutes(1);
    private static final int BATCH = 20;

    private final UserErasure erasure;

    ErasureSweeps(UserErasure erasure) {
        this.erasure = erasure;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(failure -> Log.warnf("Finishing erasures failed: %s", failure.getMessage()))
                .onFailure().recoverWithItem(0).replaceWithVoid();
    }

    /** Finishes what is due now; gives how many erasures were worked on. */
    public Uni<Integer> run() {
        Instant now = Instant.now();
        return Tombstone.due(now, now.minus(STALLED), BATCH).flatMap(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(tombstone -> tombstone.sweptAt == null
                        ? erasure.resume(tombstone)
                        : tombstone.settleUntil.isBefore(now) ? erasure.finish(tombstone) : Uni.createFrom().voidItem())
                .collect().last().replaceWith(due.size()));
    }
}
