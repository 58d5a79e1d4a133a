package dev.convo.turn;

import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;

/**
 * Runs work to its end even if the client that asked for it goes away: a turn's model call and the recording of
 * its reply must not stop halfway because a connection closed, or the reply would stay {@code pending}.
 */
final class Detached {

    private Detached() {
    }

    /** Starts {@code work} now; cancelling the returned Uni (the client left) cancels only the waiting. */
    static <T> Uni<T> runToEnd(Uni<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        work.subscribe().with(result::complete, result::completeExceptionally);
        return Uni.createFrom().completionStage(result);
    }
}
