package dev.convo.turn;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import dev.convo.mongo.MongoErrors;
import dev.convo.llm.ContextWindow;
import dev.convo.llm.ModelReply;
import dev.convo.usage.DailyUsage;
import io.smallrye.mutiny.Uni;

/**
 * The one path by which a reply's end is stored, for plain and streamed replies alike: a completed reply records
 * its usage and, when it is a conversation's first, asks for a title; a failed one keeps its text so far and is
 * answered with the turn's ids; a stopped one keeps its text. Every end then adds what the model is to see of the
 * turn to its conversation's history.
 */
@ApplicationScoped
public class ReplyRecorder {

    /** Retries of a reply's end while the database is unreachable, before it is left to the sweep. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final Titles titles;
    private final Duration retryFor;
    private final int historyMessages;

    ReplyRecorder(Titles titles, ChatConfig config, LlmConfig llm) {
        this.titles = titles;
        this.retryFor = config.stream().staleAfter();
        this.historyMessages = llm.historyMessages();
    }

    /** Stores the model's whole reply, then accounts for it in the background. */
    public Uni<Void> completed(Turn turn, ModelReply reply) {
        Integer tokens = ContextWindow.replyTokens(reply.text(), reply.usage() == null ? null
                : reply.usage().completionTokens());
        return remembered(turn, turn.reply().complete(reply), tokens).invoke(() -> {
            DailyUsage.recordInBackground(turn.conversation().ownerEmail, turn.reply().promptTokens,
                    turn.reply().completionTokens);
            titles.afterFirstReply(turn);
        });
    }

    /** Stores the reply as failed with the problem's code; gives the problem to answer, with the turn's ids. */
    public Uni<ProblemException> failed(Turn turn, ProblemException problem, String partialText) {
        return remembered(turn, turn.reply().fail(problem.problemCode(), partialText), null)
                .map(done -> turn.withIds(problem));
    }

    /** Stores the reply as stopped by its owner, with the text written so far. */
    public Uni<Void> stopped(Turn turn, String partialText) {
        return remembered(turn, turn.reply().stop(partialText), null);
    }

    /**
     * Stores the reply's end, then, if this call stored it, adds what the model is to see of the turn to its
     * conversation's history. The messages are what is true: should this replica die between the two, the next
     * turns miss this one in their history, and nothing else.
     */
    private Uni<Void> remembered(Turn turn, Uni<Boolean> end, Integer replyTokens) {
        return untilStored(end).chain(stored -> !stored ? Uni.createFrom().voidItem()
                : untilStored(turn.conversation().remember(turn.ended(replyTokens), historyMessages)));
    }

    /**
     * Tries again while the database is unreachable (a restart, a failover), for as long as a streamed reply may go
     * unsaved; should it stay away longer, the reply is left unfinished and the sweep of abandoned replies ends it.
     */
    private <T> Uni<T> untilStored(Uni<T> write) {
        return write.onFailure(MongoErrors::isUnavailable).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY)
                .expireIn(retryFor.toMillis());
    }
}
