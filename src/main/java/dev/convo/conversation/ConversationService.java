package dev.convo.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.bson.types.ObjectId;

import dev.convo.config.LlmConfig;
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

    private final Instance<ConversationDeletions> deletions;

    /**
     * A page of one conversation's messages and the cursor to the older ones; of a branch, also the versions of each
     * message by the parent they follow ({@code null} for a conversation stored as a line).
     */
    public record ConversationPage(Conversation conversation, List<Message> messages, String nextCursor,
            Map<ObjectId, List<Message>> versions) {
    }

    /** A page of one user's conversations. */
    public record UserConversations(User user, long total, List<Conversation> items, String nextCursor) {
    }

    private final SettingsRules rules;
    private final int historyMessages;

    ConversationService(SettingsRules rules, LlmConfig llm, Instance<ConversationDeletions> deletions) {
        this.rules = rules;
        this.deletions = deletions;
        this.historyMessages = llm.historyMessages();
    }

    /**
     * Shows the branch through the caller's message {@code messageId}: from it, the newest version after it at every
     * step. The model's history becomes that branch's; a conversation stored as a line becomes a tree first.
     */
    public Uni<Conversation> activate(String conversationId, String messageId, Actor actor) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId chosen = Ownership.messageId(messageId);
        String email = Ownership.writer(actor);
        return Ownership.ownedMessage(id, chosen, actor, true)
                .flatMap(found -> Branches.asTree(found.conversation()))
                .flatMap(conversation -> Message.byId(id, chosen))
                .flatMap(Branches::newestLeafFrom)
                .flatMap(leafId -> Message.byId(id, leafId))
                .flatMap(leaf -> Branches.history(leaf, historyMessages)
                        .flatMap(recent -> Conversation.activate(id, email, leaf.id, recent)))
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, actor));
    }

    /** A numbered page of all conversations. */
    public record AllConversations(int page, int limit, long total, List<Conversation> items) {
    }

    /**
     * The caller's conversation with its newest {@code limit} messages before the cursor, oldest first: of the branch
     * ending at {@code leaf} (the one shown when none is named), each with its versions; of a conversation stored as a
     * line, its messages in order.
     */
    public Uni<ConversationPage> get(String conversationId, Actor actor, int limit, String cursor, String leaf) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId leafId = leaf == null || leaf.isEmpty() ? null : Ownership.messageId(leaf);
        if (cursor == null && leafId == null) {
            // the usual read, the newest messages: read with the ownership check, they serve a line and a branch alike
            int batch = 2 * (limit + 1);
            return Uni.combine().all().unis(Ownership.ownedConversation(id, actor, false),
                    Message.newestBelow(id, Long.MAX_VALUE, batch)).asTuple()
                    .flatMap(found -> found.getItem1().tree
                            ? newestOfBranch(found.getItem1(), limit, found.getItem2(), found.getItem2().size() < batch)
                            : Uni.createFrom().item(newestOfLine(found.getItem1(), limit, found.getItem2())));
        }
        return Ownership.ownedConversation(id, actor, false).flatMap(conversation -> conversation.tree
                ? branch(conversation, limit, cursor, leafId)
                : line(conversation, limit, cursor, leafId));
    }

    private static ConversationPage newestOfLine(Conversation conversation, int limit, List<Message> newestFirst) {
        List<Message> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(page);
        String next = newestFirst.size() > limit ? Cursors.messages(page.get(0).seq) : null;
        return new ConversationPage(conversation, page, next, null);
    }

    private static Uni<ConversationPage> newestOfBranch(Conversation conversation, int limit, List<Message> newestFirst,
            boolean all) {
        Message end = newestFirst.stream().filter(message -> message.id.equals(conversation.activeLeafId)).findFirst()
                .orElse(null);
        if (end == null) {
            return branch(conversation, limit, null, null);
        }
        return Branches.upTo(end, limit, newestFirst, all).flatMap(path -> withVersions(conversation, path,
                all ? newestFirst : null));
    }

    private static Uni<ConversationPage> line(Conversation conversation, int limit, String cursor, ObjectId leafId) {
        if (leafId != null) {
            // a line has one branch: its messages can be named as its leaf, and it reads as it is
            return Message.byId(conversation.id, leafId).onItem().ifNull().failWith(Ownership::messageNotFound)
                    .chain(() -> line(conversation, limit, cursor, null));
        }
        long before = Cursors.messagesBefore(cursor);
        return Message.pageBefore(conversation.id, before, limit + 1).map(messages -> {
            boolean more = messages.size() > limit;
            List<Message> page = more ? messages.subList(1, messages.size()) : messages;
            String next = more ? Cursors.messages(page.get(0).seq) : null;
            return new ConversationPage(conversation, page, next, null);
        });
    }

    private static Uni<ConversationPage> branch(Conversation conversation, int limit, String cursor, ObjectId leafId) {
        ObjectId from = Cursors.branchFromCursor(cursor);
        ObjectId start = from != null ? from : leafId != null ? leafId : conversation.activeLeafId;
        return Message.byId(conversation.id, start).onItem().ifNull().failWith(Ownership::messageNotFound)
                .flatMap(end -> Branches.upTo(end, limit, message -> true))
                .flatMap(path -> withVersions(conversation, path, null));
    }

    /**
     * The page of a branch with the versions of each of its messages: from {@code everyMessage} when the whole
     * conversation was read, else read.
     */
    private static Uni<ConversationPage> withVersions(Conversation conversation, Branches.Path path,
            List<Message> everyMessage) {
        List<ObjectId> parents = path.messages().stream().map(message -> message.parentId).distinct().toList();
        Uni<List<Message>> children = everyMessage != null
                ? Uni.createFrom().item(everyMessage.stream().filter(message -> parents.contains(message.parentId))
                        .toList())
                : Message.childrenOf(conversation.id, parents);
        return children.map(found -> new ConversationPage(conversation, path.messages(),
                path.continuesFrom() == null ? null : Cursors.branchFrom(path.continuesFrom()),
                MessageTree.versionsByParent(found)));
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
        String owner = Ownership.writer(actor);
        return Conversation.softDelete(id, owner)
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, actor))
                .chain(() -> {
                    List<Uni<Void>> more = deletions.stream().map(deletion -> deletion.deleted(id, owner)).toList();
                    return more.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(more).andFailFast().replaceWithVoid();
                });
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
