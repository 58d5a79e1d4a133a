package dev.convo.turn;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.error.ProblemException;
import dev.convo.llm.ModelReply;
import dev.convo.usage.DailyUsage;
import io.smallrye.mutiny.Uni;

/**
 * The one path by which a reply's end is stored, for plain and streamed replies alike: a completed reply records
 * its usage and, when it is a conversation's first, asks for a title; a failed one keeps its text so far and is
 * answered with the turn's ids; a stopped one keeps its text.
 */
@ApplicationScoped
public class ReplyRecorder {

    private final Titles titles;

    ReplyRecorder(Titles titles) {
        this.titles = titles;
    }

    /** Stores the model's whole reply, then accounts for it in the background. */
    public Uni<Void> completed(Turn turn, ModelReply reply) {
        return turn.reply().complete(reply).invoke(() -> {
            DailyUsage.recordInBackground(turn.conversation().ownerEmail, turn.reply().promptTokens,
                    turn.reply().completionTokens);
            titles.afterFirstReply(turn);
        });
    }

    /** Stores the reply as failed with the problem's code; gives the problem to answer, with the turn's ids. */
    public Uni<ProblemException> failed(Turn turn, ProblemException problem, String partialText) {
        return turn.reply().fail(problem.problemCode(), partialText).map(done -> turn.withIds(problem));
    }

    /** Stores the reply as stopped by its owner, with the text written so far. */
    public Uni<Void> stopped(Turn turn, String partialText) {
        return turn.reply().stop(partialText);
    }
}
