package dev.convo.stream;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.UnfinishedReplies;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.llm.LlmMetrics;
import dev.convo.llm.ModelReply;
import dev.convo.llm.ReplyPart;
import dev.convo.turn.ReplyRecorder;
import dev.convo.turn.Turn;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Writes one streamed reply in the replica that received the turn: passes the model's text on as events, saves it
 * every flush interval (where a stop request is seen), and stores how it ended. The writing is its own
 * subscription, so it goes on when the client leaves; the client's events are a view of it.
 */
final class ReplyWriter {

    /** Where the writing is: every way of ending goes through {@link #finish} once, from {@code WRITING}. */
    private enum State {
        WRITING,
        ENDING,
        ENDED
    }

    private final Turn turn;
    private final ReplyRecorder recorder;
    private final LlmMetrics metrics;
    private final ChatConfig.Stream config;
    private final Consumer<ReplyWriter> onEnded;
    private final UnicastProcessor<StreamEvent> events = UnicastProcessor.create();
    private final StringBuilder text = new StringBuilder();
    private final long started = System.nanoTime();
    private State state = State.WRITING;
    private Cancellable upstream;
    private Cancellable saver;

    ReplyWriter(Turn turn, ReplyRecorder recorder, LlmMetrics metrics, ChatConfig.Stream config,
            Consumer<ReplyWriter> onEnded) {
        this.turn = turn;
        this.recorder = recorder;
        this.metrics = metrics;
        this.config = config;
        this.onEnded = onEnded;
    }

    /** The client's view: the started event, then the reply's events; leaving stops it only if so configured. */
    Multi<StreamEvent> events() {
        Multi<StreamEvent> live = events.onCancellation().invoke(() -> {
            if (config.stopOnDisconnect()) {
                Log.debugf("Client left reply %s: stopping it", turn.reply().id);
                stop();
            }
        });
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(StreamEvent.started(turn.user(), turn.reply())), live);
    }

    synchronized void start(Multi<ReplyPart> parts) {
        metrics.streamStarted();
        saver = Multi.createFrom().ticks().every(config.flushInterval()).onOverflow().drop()
                .onItem().call(tick -> save())
                .subscribe().with(tick -> {
                }, failure -> Log.warnf("Saving reply %s stopped: %s", turn.reply().id, failure.getMessage()));
        upstream = parts.subscribe().with(this::onPart, this::onFailure);
    }

    private synchronized void onPart(ReplyPart part) {
        if (state != State.WRITING) {
            return;
        }
        if (part instanceof ReplyPart.Text piece) {
            text.append(piece.text());
            events.onNext(StreamEvent.delta(piece.text(), text.length()));
        } else if (part instanceof ReplyPart.End end) {
            ModelReply whole = new ModelReply(text.toString(), end.model(), end.usage(), end.finishReason(),
                    Duration.ofNanos(System.nanoTime() - started));
            inBackground(finish(written -> recorder.completed(turn, whole).map(done -> StreamEvent.done(turn.reply()))));
        }
    }

    private void onFailure(Throwable failure) {
        ProblemException problem = failure instanceof ProblemException known ? known
                : new ProblemException(ProblemCode.LLM_UNAVAILABLE, "The model call failed.");
        inBackground(failWith(problem));
    }

    /** Stops the reply where it is, keeping its text: its owner asked, or the client left (if so configured). */
    void stop() {
        inBackground(finish(written -> recorder.stopped(turn, written).map(done -> StreamEvent.done(turn.reply())))
                .invoke(() -> Log.debugf("Reply %s stopped after %d characters", turn.reply().id,
                        turn.reply().text.length())));
    }

    /** Stores the reply as it is, failed with {@code server_shutdown}, because this replica is going away. */
    Uni<Void> interrupt() {
        return failWith(new ProblemException(ProblemCode.SERVER_SHUTDOWN,
                "The server stopped while writing this reply; regenerate it."));
    }

    private Uni<Void> failWith(ProblemException problem) {
        return finish(written -> recorder.failed(turn, problem, written).map(failed -> StreamEvent.error(failed.toProblem())));
    }

    /** Saves the text written so far and stops if the owner asked to (or the reply was marked stale meanwhile). */
    private Uni<Void> save() {
        String snapshot;
        synchronized (this) {
            if (state != State.WRITING) {
                return Uni.createFrom().voidItem();
            }
            snapshot = text.toString();
        }
        return UnfinishedReplies.saveProgress(turn.reply(), snapshot)
                .invoke(stopRequested -> {
                    if (stopRequested) {
                        stop();
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Could not save reply %s (%d characters so far): %s",
                        turn.reply().id, snapshot.length(), failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Ends the writing once, however it ends: stops saving and the model call, stores the end with {@code how} (given
     * the text written so far) and sends the event it gives as the last one. Later calls do nothing.
     */
    private Uni<Void> finish(Function<String, Uni<StreamEvent>> how) {
        String written;
        synchronized (this) {
            if (state != State.WRITING) {
                return Uni.createFrom().voidItem();
            }
            state = State.ENDING;
            saver.cancel();
            if (upstream != null) { // null when the model call failed at once, within start()
                upstream.cancel();
            }
            written = text.toString();
        }
        return how.apply(written)
                .invoke(last -> end(last, null))
                .onFailure().invoke(failure -> end(null, failure))
                .replaceWithVoid();
    }

    /** Runs an ending nobody waits for; a failure to store it is logged and sent to the client by {@link #end}. */
    private static void inBackground(Uni<Void> ending) {
        ending.subscribe().with(done -> {
        }, failure -> {
        });
    }

    private synchronized void end(StreamEvent last, Throwable storeFailure) {
        state = State.ENDED;
        onEnded.accept(this);
        metrics.streamEnded();
        if (storeFailure != null) {
            Log.errorf(storeFailure, "Could not store the end of reply %s", turn.reply().id);
            events.onError(storeFailure);
            return;
        }
        events.onNext(last);
        events.onComplete();
    }
}
