package dev.convo.conversation;

import org.bson.types.ObjectId;

import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.security.Actor;
import io.smallrye.mutiny.Uni;

/**
 * The ownership rules of every conversation route, in one place: reading ids from paths, who may read or change a
 * conversation, and which answer a refused request gets (404 for what does not exist or was deleted, else 403).
 * Writes also carry the owner in their atomic update's filter, so a check and a write cannot disagree.
 */
public final class Ownership {

    private Ownership() {
    }

    /** A message of the caller's conversation, with the conversation. */
    public record OwnedMessage(Conversation conversation, Message message) {
    }

    /** A conversation id from a path: one that is not an ObjectId names no conversation. */
    public static ObjectId conversationId(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            throw conversationNotFound();
        }
        return new ObjectId(id);
    }

    /** A message id from a path: one that is not an ObjectId names no message. */
    public static ObjectId messageId(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            throw messageNotFound();
        }
        return new ObjectId(id);
    }

    /** The user a write acts as; an administrator acting as nobody reads every conversation but writes none. */
    public static String writer(Actor actor) {
        if (actor.email() == null) {
            throw ProblemException.forbidden("Administrators can read every conversation but not write as its owner.");
        }
        return actor.email();
    }

    /**
     * The conversation, when it exists and is not deleted (else 404) and the actor may read it (its owner or an
     * administrator) or change it (its owner only; else 403).
     */
    public static Conversation owned(Conversation conversation, Actor actor, boolean write) {
        if (conversation == null || !conversation.isActive()) {
            throw conversationNotFound();
        }
        if (write ? !actor.mayWrite(conversation.ownerEmail) : !actor.mayRead(conversation.ownerEmail)) {
            throw ProblemException.forbidden("This conversation belongs to another user.");
        }
        return conversation;
    }

    /**
     * Reads the conversation and passes it on when the actor may read ({@code write}: change) it. A user's read names
     * them as the owner, so it goes to one shard; only what that does not find (another user's, an administrator's
     * read) is looked up by id alone.
     */
    public static Uni<Conversation> ownedConversation(ObjectId id, Actor actor, boolean write) {
        Uni<Conversation> found = actor.email() == null ? Conversation.byId(id)
                : Conversation.findOwned(id, actor.email()).onItem().ifNull().switchTo(() -> Conversation.byId(id));
        return found.map(conversation -> owned(conversation, actor, write));
    }

    /** The message {@code messageId} of a conversation the actor may read or change: 404 if either is unknown. */
    public static Uni<OwnedMessage> ownedMessage(ObjectId conversationId, ObjectId messageId, Actor actor,
            boolean write) {
        return Uni.combine().all().unis(ownedConversation(conversationId, actor, write),
                Message.byId(conversationId, messageId)).asTuple()
                .map(found -> {
                    Conversation conversation = found.getItem1();
                    Message message = found.getItem2();
                    if (message == null) {
                        throw messageNotFound();
                    }
                    return new OwnedMessage(conversation, message);
                });
    }

    /**
     * Why an owner-scoped atomic write found nothing: the problem the ownership check gives, or, when the
     * conversation was the caller's and active a moment ago, 404 (it was deleted meanwhile).
     */
    public static <T> Uni<T> explainMissing(ObjectId id, Actor actor) {
        return ownedConversation(id, actor, true).map(found -> {
            throw conversationNotFound();
        });
    }

    public static ProblemException conversationNotFound() {
        return new ProblemException(ProblemCode.CONVERSATION_NOT_FOUND, "No such conversation.");
    }

    public static ProblemException messageNotFound() {
        return new ProblemException(ProblemCode.MESSAGE_NOT_FOUND, "No such message in this conversation.");
    }
}
