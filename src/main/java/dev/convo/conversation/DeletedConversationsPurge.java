package dev.convo.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Removes conversations deleted longer ago than CHAT_DELETED_RETENTION, with their messages. Off when the retention
 * is unset. Every replica may run it: deleting what is already gone is harmless.
 */
@ApplicationScoped
public class DeletedConversationsPurge {

    private static final int BATCH = 500;

    private final Optional<Duration> retention;

    DeletedConversationsPurge(ChatConfig config) {
        this.retention = config.deletedRetention();
    }

    @Scheduled(every = "${chat.purge-every}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().onFailure().invoke(failure -> Log.warnf("Purging deleted conversations failed: %s",
                failure.getMessage())).onFailure().recoverWithItem(0L).replaceWithVoid();
    }

    /** Purges one batch after another until none is left; returns how many conversations went. */
    public Uni<Long> purge() {
        if (retention.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        Instant before = Instant.now().minus(retention.get());
        return Conversation.deletedBefore(before, BATCH).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(0L)
                : Message.deleteOfConversations(ids).chain(() -> Conversation.deleteAll(ids))
                        .invoke(count -> Log.infof("Purged %d deleted conversations and their messages", count))
                        .flatMap(count -> ids.size() < BATCH ? Uni.createFrom().item(count)
                                : purge().map(more -> count + more)));
    }
}
