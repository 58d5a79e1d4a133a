package dev.convo.turn;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.error.ProblemException;
import dev.convo.llm.ChatModel;
import io.smallrye.mutiny.Uni;

/**
 * Replies written in one model call and answered in one piece (a JSON turn). The call and the recording of its
 * result run to the end even if the client goes away meanwhile, so no reply is left pending.
 */
@ApplicationScoped
public class PlainReplies implements ReplyDelivery<Turn> {

    private final ChatModel model;
    private final ReplyRecorder recorder;

    PlainReplies(ChatModel model, ReplyRecorder recorder) {
        this.model = model;
        this.recorder = recorder;
    }

    @Override
    public boolean streamed() {
        return false;
    }

    @Override
    public Uni<Turn> deliver(Turn turn) {
        return Detached.runToEnd(model.complete(turn.settings(), turn.modelHistory(), turn.conversation().ownerEmail)
                .call(reply -> recorder.completed(turn, reply))
                .replaceWith(turn)
                .onFailure(ProblemException.class)
                .recoverWithUni(failure -> recorder.failed(turn, (ProblemException) failure, "")
                        .onItem().transformToUni(problem -> Uni.createFrom().<Turn> failure(problem))));
    }
}
