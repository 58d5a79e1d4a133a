package dev.convo.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.ConversationService.Turn;
import dev.convo.error.ProblemException;
import dev.convo.lifecycle.Draining;
import dev.convo.llm.ChatMessage;
import dev.convo.llm.ChatModel;
import dev.convo.llm.LlmMetrics;
import dev.convo.llm.ModelReply;
import dev.convo.llm.ReplyPart;
import dev.convo.usage.DailyUsage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Streams replies: writes them as the model streams them, and lets any replica follow one from what is stored.
 * All state shared between replicas is in MongoDB: the reply's text, its status and its stop flag.
 */
@ApplicationScoped
public class ReplyStreams {

    /** Replies this replica is writing, only so that a shutdown can store what is left of them. */
    private final Set<Generation> writing = ConcurrentHashMap.newKeySet();
    private final ChatModel model;
    private final LlmMetrics metrics;
    private final ChatConfig.Stream config;

    private final Duration grace;

    ReplyStreams(ChatModel model, LlmMetrics metrics, ChatConfig config,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> grace) {
        this.model = model;
        this.metrics = metrics;
        this.config = config.stream();
        this.grace = grace.orElse(Duration.ZERO);
    }

    /**
     * Starts writing the turn's reply and returns its events. The reply is written to the end and stored even if the
     * client goes away (unless CHAT_STREAM_STOP_ON_DISCONNECT), since the generation does not depend on the client.
     */
    public Multi<StreamEvent> generate(Turn turn) {
        List<ChatMessage> history = turn.history().stream()
                .map(message -> new ChatMessage(message.role.name().toLowerCase(Locale.ROOT), message.text))
                .toList();
        Generation generation = new Generation(turn);
        generation.start(model.stream(history));
        return generation.events();
    }

    /**
     * The events of a stored reply after {@code lastEventId} (all of them when null), then, while it is still being
     * written by whichever replica, its new text as it is saved, until it ends.
     */
    public Multi<StreamEvent> follow(Message reply, String lastEventId) {
        Follower follower = new Follower(reply.id, lastEventId);
        Multi<StreamEvent> opening = follower.fromStart()
                ? Message.<Message> findById(reply.replyTo).onItem().transformToMulti(user -> Multi.createFrom()
                        .item(StreamEvent.started(user, reply)))
                : Multi.createFrom().empty();
        Multi<StreamEvent> updates = Multi.createBy().repeating()
                .uni(() -> Message.<Message> findById(reply.id).flatMap(this::expireIfStale))
                .withDelay(config.pollInterval())
                .whilst(message -> !message.status.isFinished())
                .concatMap(message -> Multi.createFrom().iterable(follower.eventsFor(message)));
        return Multi.createBy().concatenating().streams(opening, updates);
    }

    /**
     * When the service is told to stop, replies still being written here get the shutdown grace period to finish;
     * a second before it ends, those left are stored as they are, failed with {@code server_shutdown}, so that their
     * clients can regenerate them instead of waiting for a lost stream.
     */
    void onDrain(@Observes Draining.Started event) {
        long delay = Math.max(0, grace.toMillis() - 1000);
        Infrastructure.getDefaultWorkerPool().schedule(this::storeUnfinished, delay, TimeUnit.MILLISECONDS);
    }

    /** The last chance, should the grace period have been too short for the scheduled one. */
    void onShutdown(@Observes ShutdownEvent event) {
        storeUnfinished();
    }

    private void storeUnfinished() {
        if (writing.isEmpty()) {
            return;
        }
        Log.infof("Shutting down with %d replies still being written: storing them", writing.size());
        Uni.join().all(writing.stream().map(Generation::interrupt).toList()).andCollectFailures()
                .await().atMost(Duration.ofSeconds(5));
    }

    /** A reply whose generator stopped saving it long ago is marked failed, so followers are not left waiting. */
    private Uni<Message> expireIfStale(Message message) {
        if (message.status != Message.Status.STREAMING
                || message.updatedAt.isAfter(Instant.now().minus(config.staleAfter()))) {
            return Uni.createFrom().item(message);
        }
        Log.warnf("Reply %s has not been saved since %s: marking it failed", message.id, message.updatedAt);
        return Message.failIfStale(message.id, Instant.now().minus(config.staleAfter()))
                .chain(() -> Message.<Message> findById(message.id));
    }

    /** The writing of one streamed reply, in the replica that received the turn. */
    private final class Generation {

        private final Turn turn;
        private final Message reply;
        private final UnicastProcessor<StreamEvent> events = UnicastProcessor.create();
        private final StringBuilder text = new StringBuilder();
        private Cancellable upstream;
        private Cancellable saver;
        private int savedLength;
        private boolean saving;
        private boolean finished;

        Generation(Turn turn) {
            this.turn = turn;
            this.reply = turn.reply();
        }

        Multi<StreamEvent> events() {
            Multi<StreamEvent> live = events.onCancellation().invoke(() -> {
                if (config.stopOnDisconnect()) {
                    Log.debugf("Client left reply %s: stopping it", reply.id);
                    stop();
                }
            });
            return Multi.createBy().concatenating()
                    .streams(Multi.createFrom().item(StreamEvent.started(turn.user(), reply)), live);
        }

        synchronized void start(Multi<ReplyPart> parts) {
            long started = System.nanoTime();
            metrics.streamStarted();
            writing.add(this);
            saver = Multi.createFrom().ticks().every(config.flushInterval()).onOverflow().drop()
                    .subscribe().with(tick -> save(), failure -> Log.warnf("Saving reply %s stopped: %s", reply.id,
                            failure.getMessage()));
            upstream = parts.subscribe().with(part -> onPart(part, started), this::onFailure);
        }

        private synchronized void onPart(ReplyPart part, long started) {
            if (finished) {
                return;
            }
            if (part instanceof ReplyPart.Text piece) {
                text.append(piece.text());
                events.onNext(StreamEvent.delta(piece.text(), text.length()));
            } else if (part instanceof ReplyPart.End end) {
                finished = true;
                saver.cancel();
                ModelReply complete = new ModelReply(text.toString(), end.model(), end.usage(), end.finishReason(),
                        Duration.ofNanos(System.nanoTime() - started));
                reply.complete(complete).subscribe().with(done -> {
                    DailyUsage.recordInBackground(turn.conversation().ownerEmail, reply.promptTokens,
                            reply.completionTokens);
                    end(StreamEvent.done(reply));
                }, this::onStoreFailure);
            }
        }

        private synchronized void onFailure(Throwable failure) {
            if (finished) {
                return;
            }
            finished = true;
            saver.cancel();
            ProblemException problem = failure instanceof ProblemException known ? known
                    : new ProblemException(502, "llm_unavailable", "Bad Gateway", "The model call failed.");
            ConversationService.withTurnIds(problem, turn);
            reply.fail(problem.code(), text.toString()).subscribe()
                    .with(done -> end(StreamEvent.error(problem.toProblem())), this::onStoreFailure);
        }

        /** Saves the text written so far (at most once per flush interval) and stops if the owner asked to. */
        private synchronized void save() {
            if (finished || saving) {
                return;
            }
            saving = true;
            String snapshot = text.toString();
            reply.saveProgress(snapshot).subscribe().with(stop -> {
                synchronized (this) {
                    saving = false;
                    savedLength = snapshot.length();
                }
                if (stop) {
                    stop();
                }
            }, failure -> {
                synchronized (this) {
                    saving = false;
                }
                Log.warnf("Could not save reply %s (%d characters so far): %s", reply.id, savedLength,
                        failure.getMessage());
            });
        }

        private synchronized void stop() {
            if (finished) {
                return;
            }
            finished = true;
            saver.cancel();
            upstream.cancel();
            Log.debugf("Reply %s stopped after %d characters", reply.id, text.length());
            reply.stop(text.toString()).subscribe().with(done -> end(StreamEvent.done(reply)), this::onStoreFailure);
        }

        /** Stores the reply as it is, failed, because this replica is going away. */
        synchronized Uni<Void> interrupt() {
            if (finished) {
                return Uni.createFrom().voidItem();
            }
            finished = true;
            saver.cancel();
            upstream.cancel();
            ProblemException problem = ConversationService.withTurnIds(new ProblemException(503, "server_shutdown",
                    "Service Unavailable", "The server stopped while writing this reply; regenerate it."), turn);
            return reply.fail(problem.code(), text.toString()).invoke(() -> end(StreamEvent.error(problem.toProblem())));
        }

        private synchronized void end(StreamEvent last) {
            writing.remove(this);
            metrics.streamEnded();
            events.onNext(last);
            events.onComplete();
        }

        private void onStoreFailure(Throwable failure) {
            Log.errorf(failure, "Could not store the end of reply %s", reply.id);
            writing.remove(this);
            metrics.streamEnded();
            events.onError(failure);
        }
    }

    /** Turns the stored states of a reply into the events a client has not seen yet. */
    private static final class Follower {

        private final ObjectId replyId;
        private final boolean fromStart;
        private int offset;
        private boolean ended;

        Follower(ObjectId replyId, String lastEventId) {
            this.replyId = replyId;
            this.fromStart = lastEventId == null || lastEventId.isBlank();
            this.offset = parseOffset(lastEventId);
        }

        boolean fromStart() {
            return fromStart;
        }

        List<StreamEvent> eventsFor(Message message) {
            if (ended) {
                return List.of();
            }
            String stored = message.text == null ? "" : message.text;
            List<StreamEvent> out = new ArrayList<>(2);
            if (offset >= 0 && stored.length() > offset) {
                out.add(StreamEvent.delta(stored.substring(offset), stored.length()));
                offset = stored.length();
            }
            if (message.status.isFinished()) {
                ended = true;
                out.add(message.status == Message.Status.FAILED ? StreamEvent.error(failureOf(message))
                        : StreamEvent.done(message));
            }
            return out;
        }

        private Object failureOf(Message message) {
            return new ProblemException(502, message.errorCode, "Bad Gateway", "The reply could not be completed.")
                    .with("assistantMessageId", replyId.toHexString()).toProblem();
        }

        /** The text offset a client has seen: -1 when it saw the end already, so only the last event is sent again. */
        private static int parseOffset(String lastEventId) {
            if (lastEventId == null || lastEventId.isBlank()) {
                return 0;
            }
            if (StreamEvent.END.equals(lastEventId.strip())) {
                return -1;
            }
            try {
                return Math.max(0, Integer.parseInt(lastEventId.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("Last-Event-ID", "must be an event id this service sent");
            }
        }
    }
}
