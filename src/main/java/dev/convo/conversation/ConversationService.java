package dev.convo.conversation;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.conversation.Cursors.ConversationPosition;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.security.Actor;
import dev.convo.user.User;
import io.smallrye.mutiny.Uni;

/**
 * Reading conversations and their lifecycle (rename, delete, restore), with ownership checked on every path.
 * Writing turns is the job of {@code turn/}.
 */
@ApplicationScoped
public class ConversationService {

    /** A page of one conversation's messages and the cursor to the older ones. */
    public record ConversationPage(Conversation conversation, List<Message> messages, String nextCursor) {
    }

    /** A page of one user's conversations. */
    public record UserConversations(User user, long total, List<Conversation> items, String nextCursor) {
    }

    private final SettingsRules rules;

    ConversationService(SettingsRules rules) {
        this.rules = rules;
    }

    /** A numbered page of all conversations. */
    public record AllConversations(int page, int limit, long total, List<Conversation> items) {
    }

    /** The caller's conversation with its newest {@code limit} messages before the cursor, oldest first. */
    public Uni<ConversationPage> get(String conversationId, Actor actor, int limit, String cursor) {
        ObjectId id = Ownership.conversationId(conversationId);
        long before = Cursors.messagesBefore(cursor);
        // both reads at once: the messages are only returned once ownership is confirmed
        return Uni.combine().all()
                .unis(Ownership.ownedConversation(id, actor, false), Message.pageBefore(id, before, limit + 1))
                .asTuple()
                .map(found -> {
                    Conversation conversation = found.getItem1();
                    List<Message> messages = found.getItem2();
                    boolean more = messages.size() > limit;
                    List<Message> page = more ? messages.subList(1, messages.size()) : messages;
                    String next = more ? Cursors.messages(page.get(0).seq) : null;
                    return new ConversationPage(conversation, page, next);
                });
    }

    /** One page of the conversations a user owns, most recently active first. */
    public Uni<UserConversations> listByUser(String email, int limit, String cursor) {
        ConversationPosition after = Cursors.conversationsAfter(cursor);
        return Uni.combine().all()
                .unis(User.requireByEmail(email), Conversation.countByOwner(email),
                        Conversation.listByOwner(email, after, limit + 1))
                .asTuple()
                .map(found -> {
                    List<Conversation> items = found.getItem3();
                    boolean more = items.size() > limit;
                    List<Conversation> page = more ? items.subList(0, limit) : items;
                    String next = more ? Cursors.conversations(ConversationPosition.after(page.get(limit - 1))) : null;
                    return new UserConversations(found.getItem1(), found.getItem2(), page, next);
                });
    }

    /** One numbered page of every user's conversations. */
    public Uni<AllConversations> listAll(int page, int limit) {
        return Uni.combine().all().unis(Conversation.countAll(), Conversation.listAll(page, limit)).asTuple()
                .map(found -> new AllConversations(page, limit, found.getItem1(), found.getItem2()));
    }

    /** The message {@code messageId} of a conversation the caller may read: 404 if either is unknown, else 403. */
    public Uni<Ownership.OwnedMessage> readableMessage(String conversationId, String messageId, Actor actor) {
        return Ownership.ownedMessage(Ownership.conversationId(conversationId), Ownership.messageId(messageId), actor,
                false);
    }

    /** Gives the caller's conversation a title of their own. */
    public Uni<Conversation> update(String conversationId, Actor actor, ConversationRequests.Update change) {
        ObjectId id = Ownership.conversationId(conversationId);
        String email = Ownership.writer(actor);
        if (change.changesNothing()) {
            throw ProblemException.invalidField("body", "must change the title or a setting");
        }
        String title = change.title() == null ? null : change.title().strip();
        if (title != null && title.isEmpty()) {
            throw ProblemException.invalidField("title", "must not be blank");
        }
        ConversationSettings requested = change.settings();
        List<ConversationRequests.Setting> reset = change.reset() == null ? List.of()
                : change.reset().stream().distinct().filter(setting -> !setting.isSetIn(requested)).toList();
        Uni<Void> checked = requested.isEmpty() ? Uni.createFrom().voidItem()
                : Conversation.findOwned(id, email).onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, actor))
                        .invoke(current -> rules.checked(withoutReset(current.settings, reset), requested))
                        .replaceWithVoid();
        return checked.chain(() -> Conversation.update(id, email, title, requested,
                reset.stream().map(ConversationRequests.Setting::stored).toList()))
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, actor));
    }

    private static ConversationSettings withoutReset(ConversationSettings current,
            List<ConversationRequests.Setting> reset) {
        ConversationSettings kept = current == null ? new ConversationSettings() : current.copy();
        reset.forEach(setting -> setting.clearIn(kept));
        return kept;
    }

    /** Soft-deletes the caller's conversation: it disappears from the API but stays stored. */
    public Uni<Void> delete(String conversationId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        return Conversation.softDelete(id, Ownership.writer(actor))
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, actor))
                .replaceWithVoid();
    }

    /** Undoes the soft delete of the caller's conversation: 409 {@code not_deleted} when it is not deleted. */
    public Uni<Conversation> restore(String conversationId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        return Conversation.restore(id, Ownership.writer(actor))
                .onItem().ifNull().switchTo(() -> Conversation.<Conversation> findById(id).map(found -> {
                    if (found == null) {
                        throw Ownership.conversationNotFound();
                    }
                    if (!actor.mayWrite(found.ownerEmail)) {
                        throw ProblemException.forbidden("This conversation belongs to another user.");
                    }
                    throw new ProblemException(ProblemCode.NOT_DELETED, "This conversation is not deleted.");
                }));
    }
}
