package dev.convo.erasure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.share.Share;
import dev.convo.turn.IdempotentTurns;
import dev.convo.usage.DailyUsage;
import dev.convo.usage.Limits;
import dev.convo.user.Erasures;
import dev.convo.user.Tombstone;
import dev.convo.user.User;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Erases a user from every collection that holds their data. First the tombstone (no sign-up or sign-in creates the
 * user again), the user marked (no new conversation) and their conversations hidden (no new turn); then a sweep
 * removes, a batch of conversations at a time, their messages and the conversations, then share links, usage, turn
 * counts, idempotency records and the user. Each step is idempotent, so a call after one that died finishes the job,
 * and so does {@link ErasureSweeps}. A turn that began before the erasure may still write its end: the last sweep,
 * once such turns are over, removes that and the tombstone.
 */
@ApplicationScoped
public class UserErasure implements Erasures {

    private final int batch;
    private final Duration settle;
    private final Limits limits;
    private final IdempotentTurns idempotency;

    UserErasure(ChatConfig config, Limits limits, IdempotentTurns idempotency) {
        this.batch = config.erasure().batch();
        this.settle = config.erasure().settle();
        this.limits = limits;
        this.idempotency = idempotency;
    }

    @Override
    public Uni<Boolean> erase(String email) {
        return Uni.combine().all().unis(User.findByEmail(email), Tombstone.exists(email)).asTuple()
                .flatMap(found -> found.getItem1() == null && !found.getItem2() ? Uni.createFrom().item(false)
                        : begin(email).replaceWith(true));
    }

    private Uni<Void> begin(String email) {
        return Tombstone.begin(email, settle)
                .call(() -> User.markErasing(email))
                .call(() -> Conversation.hideAllOf(email))
                .flatMap(tombstone -> sweep(email, tombstone.startedAt.minus(settle), new ArrayList<>()))
                .flatMap(recent -> Tombstone.swept(email, recent))
                .invoke(() -> Log.infof("Erased a user's data; the last sweep follows in %s", settle));
    }

    /** The last sweep: whatever a turn that began before the erasure wrote since, then the tombstone. */
    Uni<Void> finish(Tombstone tombstone) {
        List<ObjectId> recent = tombstone.recentConversationIds == null ? List.of() : tombstone.recentConversationIds;
        Uni<Long> late = recent.isEmpty() ? Uni.createFrom().item(0L) : Message.deleteOfConversations(recent);
        return late.chain(() -> sweep(tombstone.email, Instant.EPOCH, new ArrayList<>()))
                .chain(() -> Tombstone.remove(tombstone.email))
                .invoke(() -> Log.infof("Finished erasing a user"));
    }

    /** Runs the first sweep again, for an erasure whose first sweep died. */
    Uni<Void> resume(Tombstone tombstone) {
        return begin(tombstone.email);
    }

    /**
     * Removes the user's conversations a batch at a time, each batch's messages first, then everything else of
     * theirs; gives the ids of the conversations active since {@code recentSince}, which the last sweep looks at again.
     */
    private Uni<List<ObjectId>> sweep(String email, Instant recentSince, List<ObjectId> recent) {
        return Conversation.batchOfOwner(email, batch).flatMap(conversations -> {
            if (conversations.isEmpty()) {
                return rest(email).replaceWith(recent);
            }
            List<ObjectId> ids = conversations.stream().map(conversation -> conversation.id).toList();
            conversations.stream()
                    .filter(conversation -> conversation.lastActivityAt == null
                            || conversation.lastActivityAt.isAfter(recentSince))
                    .forEach(conversation -> recent.add(conversation.id));
            return Message.deleteOfConversations(ids)
                    .chain(() -> Conversation.deleteOfOwner(email, ids))
                    .chain(() -> sweep(email, recentSince, recent));
        });
    }

    private Uni<Void> rest(String email) {
        return Share.deleteOfOwner(email)
                .chain(() -> DailyUsage.deleteOf(email))
                .chain(() -> limits.forget(email))
                .chain(() -> idempotency.forget(email))
                .chain(() -> User.deleteByEmail(email))
                .replaceWithVoid();
    }
}
