package dev.convo.stream;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Message;
import dev.convo.conversation.UnfinishedReplies;
import dev.convo.turn.ReplyDeadlines;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Follows a stored reply from any replica: replays it, then reads it again whenever it may have changed and sends
 * what is new until it ends. Where the database pushes changes (a replica set or a sharded cluster), a read follows
 * each change of the reply, plus one every half CHAT_STREAM_STALE_AFTER; elsewhere (a standalone server, the embedded
 * one) it is read every CHAT_STREAM_POLL_INTERVAL. A reply whose writer stopped saving it long ago (its replica
 * died) is marked failed on the way, so no follower waits for ever.
 */
@ApplicationScoped
public class ReplyFollower {

    private final ChatConfig.Stream config;
    private final ReplyDeadlines deadlines;
    private final ChangeStreams changeStreams;

    ReplyFollower(ChatConfig config, ReplyDeadlines deadlines, ChangeStreams changeStreams) {
        this.config = config.stream();
        this.deadlines = deadlines;
        this.changeStreams = changeStreams;
    }

    /**
     * The events of a stored reply after {@code lastEventId} (all of them when null), then, while it is still being
     * written by whichever replica, its new text as it is saved, until it ends.
     */
    public Multi<StreamEvent> follow(Message reply, String lastEventId) {
        FollowedReply followed = new FollowedReply(reply.id, lastEventId);
        Multi<StreamEvent> opening = followed.fromStart()
                ? Message.byId(reply.conversationId, reply.replyTo).onItem()
                        .transformToMulti(user -> Multi.createFrom().item(StreamEvent.started(user, reply)))
                : Multi.createFrom().empty();
        Multi<Message> states = readsOn(changeStreams.supported() ? changesOf(reply) : ticks(config.pollInterval()))
                .onItem().transformToUniAndConcatenate(read -> Message.byId(reply.conversationId, reply.id)
                        .flatMap(this::expireIfAbandoned));
        return Multi.createBy().concatenating().streams(opening, untilFinished(states, followed));
    }

    /** A read at once, then one at each trigger; triggers that come while a read runs are one read. */
    private static Multi<Object> readsOn(Multi<Object> triggers) {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(new Object()), triggers)
                .onOverflow().drop();
    }

    /** Each change of the reply, and a look every half stale time (a dead writer changes nothing). */
    private Multi<Object> changesOf(Message reply) {
        return Multi.createBy().merging().streams(UnfinishedReplies.changesOf(reply), ticks(config.staleAfter().dividedBy(2)));
    }

    private static Multi<Object> ticks(Duration every) {
        return Multi.createFrom().ticks().every(every).onOverflow().drop().map(tick -> (Object) tick);
    }

    /** The events of each state read, ending (and letting go of the reads) with the reply's last event. */
    private static Multi<StreamEvent> untilFinished(Multi<Message> states, FollowedReply followed) {
        return Multi.createFrom().emitter(emitter -> {
            Cancellable reads = states.subscribe().with(message -> {
                followed.eventsFor(message).forEach(emitter::emit);
                if (message.status.isFinished()) {
                    emitter.complete();
                }
            }, emitter::fail);
            emitter.onTermination(reads::cancel);
        });
    }

    private Uni<Message> expireIfAbandoned(Message message) {
        Instant now = Instant.now();
        if (!deadlines.isAbandoned(message, now)) {
            return Uni.createFrom().item(message);
        }
        Log.warnf("Reply %s has not been shown alive since %s: marking it failed", message.id, message.updatedAt);
        return UnfinishedReplies.failIfAbandoned(message, deadlines.abandonedBefore(message.status, now))
                .chain(() -> Message.byId(message.conversationId, message.id));
    }
}
