package dev.convo.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Message;
import dev.convo.conversation.Ownership;
import dev.convo.conversation.UnfinishedReplies;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.lifecycle.Draining;
import dev.convo.llm.ChatModel;
import dev.convo.llm.LlmMetrics;
import dev.convo.security.Actor;
import dev.convo.turn.ReplyDelivery;
import dev.convo.turn.ReplyRecorder;
import dev.convo.turn.Turn;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Streamed replies: starts a {@link ReplyWriter} for each streamed turn, passes stop requests on through the stored
 * reply (so whichever replica writes it sees them), and stores what is left of its replies when the service stops.
 * All state shared between replicas is in MongoDB: the reply's text, its status and its stop flag.
 */
@ApplicationScoped
public class ReplyStreams implements ReplyDelivery<Multi<StreamEvent>> {

    /** Replies this replica is writing, only so that a shutdown can store what is left of them. */
    private final Set<ReplyWriter> writing = ConcurrentHashMap.newKeySet();
    private final ChatModel model;
    private final ReplyRecorder recorder;
    private final LlmMetrics metrics;
    private final ChatConfig.Stream config;
    private final Duration grace;

    ReplyStreams(ChatModel model, ReplyRecorder recorder, LlmMetrics metrics, ChatConfig config,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> grace) {
        this.model = model;
        this.recorder = recorder;
        this.metrics = metrics;
        this.config = config.stream();
        this.grace = grace.orElse(Duration.ZERO);
    }

    @Override
    public boolean streamed() {
        return true;
    }

    /**
     * Starts writing the turn's reply and gives its events. The reply is written to the end and stored even if the
     * client goes away (unless CHAT_STREAM_STOP_ON_DISCONNECT).
     */
    @Override
    public Uni<Multi<StreamEvent>> deliver(Turn turn) {
        ReplyWriter writer = new ReplyWriter(turn, recorder, metrics, config, writing::remove);
        writing.add(writer);
        writer.start(model.stream(turn.settings(), turn.modelHistory(), turn.conversation().ownerEmail));
        return Uni.createFrom().item(writer.events());
    }

    /** Asks whichever replica streams this reply to stop it: 409 {@code not_streaming} when it is not streaming. */
    public Uni<Message> requestStop(String conversationId, String messageId, Actor actor) {
        return Ownership.ownedMessage(Ownership.conversationId(conversationId), Ownership.messageId(messageId), actor,
                true)
                .flatMap(found -> UnfinishedReplies.requestStop(found.message().id, found.conversation().id))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemCode.NOT_STREAMING,
                        "This reply is not being written."));
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
        Uni.join().all(writing.stream().map(ReplyWriter::interrupt).toList()).andCollectFailures()
                .await().atMost(Duration.ofSeconds(5));
    }
}
