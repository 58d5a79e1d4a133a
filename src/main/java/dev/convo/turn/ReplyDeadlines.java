package dev.convo.turn;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.conversation.Message;
import dev.convo.conversation.UnfinishedReplies;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * When an unfinished reply counts as abandoned (its writer died with its replica, or lost the database): a streamed
 * one not saved for CHAT_STREAM_STALE_AFTER, a plain one older than its model call could ever take (every attempt's
 * timeout, the longest backoffs between them, and a margin).
 */
@ApplicationScoped
public class ReplyDeadlines {

    /** The longest wait between two attempts of a model call (see RetryAfterBackoff). */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final Duration streamStale;
    private final Duration plainDeadline;

    ReplyDeadlines(ChatConfig chat, LlmConfig llm) {
        int retries = llm.retry().maxRetries();
        this.streamStale = chat.stream().staleAfter();
        this.plainDeadline = llm.timeout().multipliedBy(retries + 1L).plus(MAX_BACKOFF.multipliedBy(retries)).plus(MARGIN);
    }

    /** Replies of this (unfinished) status last shown alive before this instant are abandoned. */
    public Instant abandonedBefore(Message.Status status, Instant now) {
        return now.minus(status == Message.Status.STREAMING ? streamStale : plainDeadline);
    }

    /**
     * Passes when the reply has ended, or was abandoned (its writer died: it is marked failed now); 409
     * {@code reply_in_progress} while it is still being written.
     */
    public Uni<Void> settled(Message reply) {
        Instant now = Instant.now();
        if (reply.status.isFinished()) {
            return Uni.createFrom().voidItem();
        }
        if (!isAbandoned(reply, now)) {
            throw new ProblemException(ProblemCode.REPLY_IN_PROGRESS, "The reply is still being written; stop it first.");
        }
        return UnfinishedReplies.failIfAbandoned(reply, abandonedBefore(reply.status, now)).replaceWithVoid();
    }

    public boolean isAbandoned(Message reply, Instant now) {
        return !reply.status.isFinished() && reply.updatedAt != null
                && reply.updatedAt.isBefore(abandonedBefore(reply.status, now));
    }
}
