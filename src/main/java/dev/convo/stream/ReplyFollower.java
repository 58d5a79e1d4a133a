package dev.convo.stream;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Message;
import dev.convo.turn.ReplyDeadlines;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Follows a stored reply from any replica: replays it, then reads it every poll interval and sends what is new until
 * it ends. A reply whose writer stopped saving it long ago (its replica died) is marked failed on the way, so no
 * follower waits for ever.
 */
@ApplicationScoped
public class ReplyFollower {

    private final ChatConfig.Stream config;
    private final ReplyDeadlines deadlines;

    ReplyFollower(ChatConfig config, ReplyDeadlines deadlines) {
        this.config = config.stream();
        this.deadlines = deadlines;
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
        Multi<StreamEvent> updates = Multi.createBy().repeating()
                .uni(() -> Message.byId(reply.conversationId, reply.id).flatMap(this::expireIfAbandoned))
                .withDelay(config.pollInterval())
                .whilst(message -> !message.status.isFinished())
                .concatMap(message -> Multi.createFrom().iterable(followed.eventsFor(message)));
        return Multi.createBy().concatenating().streams(opening, updates);
    }

    private Uni<Message> expireIfAbandoned(Message message) {
        Instant now = Instant.now();
        if (!deadlines.isAbandoned(message, now)) {
            return Uni.createFrom().item(message);
        }
        Log.warnf("Reply %s has not been shown alive since %s: marking it failed", message.id, message.updatedAt);
        return message.failIfAbandoned(deadlines.abandonedBefore(message.status, now))
                .chain(() -> Message.byId(message.conversationId, message.id));
    }
}
