package dev.convo.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.security.Actor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Feedback on replies: the owner rates a finished reply of theirs (or takes the rating back); administrators read
 * the ratings with what they judged, a page at a time or all of them as JSON Lines.
 */
@ApplicationScoped
public class FeedbackService {

    /** How many ratings an export reads at a time. */
    private static final int EXPORT_BATCH = 200;

    /** A page of ratings, and where the next one starts (null after the last). */
    record Found(List<FeedbackViews.Item> items, Cursors.FeedbackPosition next) {
    }

    /** Rates the reply {@code messageId}, replacing any earlier rating of it. */
    public Uni<Message> give(String conversationId, String messageId, Actor actor, FeedbackViews.Give given) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId replyId = Ownership.messageId(messageId);
        Ownership.writer(actor);
        if (given.comment() != null && given.comment().isBlank()) {
            throw ProblemException.invalidField("comment", "must not be blank (leave it out for none)");
        }
        return Ownership.ownedMessage(id, replyId, actor, true).flatMap(found -> {
            Message reply = found.message();
            if (reply.role != Message.Role.ASSISTANT) {
                throw ProblemException.invalidField("messageId", "must be one of the model's replies");
            }
            if (!reply.status.isFinished()) {
                throw new ProblemException(ProblemCode.REPLY_IN_PROGRESS, "The reply is still being written.");
            }
            String comment = given.comment() == null ? null : given.comment().strip();
            return Message.rate(id, replyId, new Feedback(given.rating().stored(), comment, Conversation.now()))
                    .onItem().ifNull().failWith(Ownership::messageNotFound);
        });
    }

    /** Takes back the caller's rating of the message {@code messageId}; nothing to take back is fine. */
    public Uni<Void> clear(String conversationId, String messageId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId replyId = Ownership.messageId(messageId);
        Ownership.writer(actor);
        return Ownership.ownedMessage(id, replyId, actor, true).chain(() -> Message.unrate(id, replyId));
    }

    /** One page of ratings, most recent first; those of deleted conversations are left out. */
    Uni<Found> list(Instant since, Feedback.Rating rating, Cursors.FeedbackPosition after, int limit) {
        return Message.rated(since, rating, after, limit).flatMap(rated -> {
            Cursors.FeedbackPosition next = rated.size() < limit ? null
                    : new Cursors.FeedbackPosition(rated.get(rated.size() - 1).feedback.at, rated.get(rated.size() - 1).id);
            return withContext(rated).map(items -> new Found(items, next));
        });
    }

    /** Every rating, most recent first, read {@value #EXPORT_BATCH} at a time as the client takes them. */
    Multi<FeedbackViews.Item> export(Instant since, Feedback.Rating rating) {
        return Multi.createBy().repeating()
                .uni(() -> new Cursors.FeedbackPosition[1], position -> list(since, rating, position[0], EXPORT_BATCH)
                        .invoke(found -> position[0] = found.next()))
                .whilst(found -> found.next() != null)
                .onItem().transformToIterable(Found::items);
    }

    /** The ratings with their conversation's owner and the user message each reply answers. */
    private static Uni<List<FeedbackViews.Item>> withContext(List<Message> rated) {
        if (rated.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<ObjectId> conversationIds = rated.stream().map(message -> message.conversationId).collect(Collectors.toSet());
        Set<ObjectId> questionIds = rated.stream().map(message -> message.replyTo).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        return Uni.combine().all().unis(Conversation.activeOwners(conversationIds),
                Message.byIds(conversationIds, questionIds)).asTuple().map(found -> {
                    Map<ObjectId, String> owners = found.getItem1();
                    Map<ObjectId, Message> questions = found.getItem2().stream()
                            .collect(Collectors.toMap(message -> message.id, Function.identity()));
                    return rated.stream().filter(reply -> owners.containsKey(reply.conversationId))
                            .map(reply -> item(reply, owners.get(reply.conversationId), questions.get(reply.replyTo)))
                            .toList();
                });
    }

    private static FeedbackViews.Item item(Message reply, String owner, Message question) {
        return new FeedbackViews.Item(reply.conversationId.toHexString(), owner, reply.feedback.rating.shown(),
                reply.feedback.comment, reply.feedback.at, question == null ? null : MessageView.of(question),
                MessageView.of(reply));
    }
}
