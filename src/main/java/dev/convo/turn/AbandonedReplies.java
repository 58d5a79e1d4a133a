package dev.convo.turn;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.conversation.Message;
import dev.convo.conversation.UnfinishedReplies;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Marks abandoned replies failed with {@code generation_lost}, so that no reply stays {@code pending} or
 * {@code streaming} for ever after its replica was killed or lost the database: clients then see why, and may
 * regenerate. Every replica may run it: it only ever ends replies nobody is writing.
 */
@ApplicationScoped
class AbandonedReplies {

    private final ReplyDeadlines deadlines;

    AbandonedReplies(ReplyDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Scheduled(every = "${chat.stream.stale-after}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = Instant.now();
        return UnfinishedReplies.failAbandoned(Message.Status.STREAMING, deadlines.abandonedBefore(Message.Status.STREAMING, now))
                .flatMap(streamed -> UnfinishedReplies.failAbandoned(Message.Status.PENDING,
                        deadlines.abandonedBefore(Message.Status.PENDING, now)).map(plain -> streamed + plain))
                .invoke(count -> {
                    if (count > 0) {
                        Log.warnf("Marked %d abandoned replies failed (generation_lost)", count);
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("The sweep of abandoned replies failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
