package dev.convo.conversation;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatMessage;
import dev.convo.llm.ChatModel;
import dev.convo.llm.ContextWindow;
import dev.convo.mongo.MongoErrors;
import dev.convo.security.Actor;
import dev.convo.usage.DailyUsage;
import dev.convo.usage.Limits;
import dev.convo.user.User;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The logic of a chat turn and of reading conversations, with ownership checked on every path.
 */
@ApplicationScoped
public class ConversationService {

    /** How often a turn takes new sequence numbers after finding its first ones taken. */
    private static final int MAX_TURN_ATTEMPTS = 5;

    private final ChatModel model;
    private final ContextWindow context;
    private final Limits limits;
    private final ChatConfig chat;
    private final LlmConfig llm;

    ConversationService(ChatModel model, ContextWindow context, Limits limits, ChatConfig chat, LlmConfig llm) {
        this.model = model;
        this.context = context;
        this.limits = limits;
        this.chat = chat;
        this.llm = llm;
    }

    /** A stored user message, its reply still to be written, and the history the model is to see. */
    public record Turn(Conversation conversation, Message user, Message reply, List<Message> history) {
    }

    /** Starts a conversation with its first user message and a reply still to be written. */
    public Uni<Turn> start(Actor actor, String firstMessage, boolean streamed) {
        String email = writer(actor);
        checkLength(firstMessage, "first_message");
        model.ensureConfigured();
        return limits.admit(email).chain(() -> User.requireByEmail(email)).flatMap(owner -> {
            Conversation conversation = Conversation.startedBy(owner, firstMessage);
            Message user = Message.fromUser(conversation.id, 1, firstMessage);
            Message reply = Message.pendingReply(user, 2, streamed, 1);
            // messages first: should the conversation insert fail, nothing visible is left half-written
            return Message.insertTurn(user, reply)
                    .chain(conversation::persist)
                    .map(stored -> new Turn(conversation, user, reply, List.of(user)));
        });
    }

    /** Adds a user message to the caller's conversation, with a reply still to be written. */
    public Uni<Turn> post(String conversationId, Actor actor, String text, boolean streamed) {
        ObjectId id = parseId(conversationId);
        String email = writer(actor);
        checkLength(text, "text");
        model.ensureConfigured();
        return limits.admit(email).chain(() -> beginTurn(id, email, text, streamed, 0))
                .flatMap(turn -> Message.history(id, turn.user().seq, llm.historyMessages())
                        .map(history -> new Turn(turn.conversation(), turn.user(), turn.reply(), history)));
    }

    /**
     * Starts a new version of the conversation's last reply, to the same user message. The earlier version is kept,
     * marked superseded, and no longer sent to the model.
     */
    public Uni<Turn> regenerate(String conversationId, String messageId, Actor actor, boolean streamed) {
        ObjectId id = parseId(conversationId);
        ObjectId replyId = Ids.message(messageId);
        String email = writer(actor);
        model.ensureConfigured();
        return ownedMessage(id, replyId, actor, true).flatMap(found -> {
            Message previous = found.message();
            if (previous.role != Message.Role.ASSISTANT || previous.isSuperseded()
                    || previous.seq != found.conversation().lastSeq) {
                throw conflict("not_last_reply", "Only the conversation's last reply can be regenerated.");
            }
            if (!previous.status.isFinished()) {
                throw conflict("reply_in_progress", "The reply is still being written; stop it first.");
            }
            return limits.admit(email).chain(() -> Conversation.reserveRegeneration(id, email, previous.seq))
                    .onItem().ifNull().failWith(() -> conflict("not_last_reply", "The conversation moved on meanwhile."))
                    .flatMap(conversation -> Message.supersede(previous.id)
                            .chain(() -> Message.<Message> findById(previous.replyTo))
                            .flatMap(user -> {
                                Message reply = Message.pendingReply(user, conversation.lastSeq, streamed,
                                        previous.version + 1);
                                return reply.persist()
                                        .chain(() -> Message.history(id, user.seq, llm.historyMessages()))
                                        .map(history -> new Turn(conversation, user, reply, history));
                            }));
        });
    }

    /**
     * Asks the model for the reply of a turn in one call, and records it (or why there is none). The call and its
     * recording run to the end even if the client goes away meanwhile, so no reply is left pending.
     */
    public Uni<Turn> reply(Turn turn) {
        List<ChatMessage> messages = turn.history().stream()
                .map(message -> new ChatMessage(message.role.name().toLowerCase(Locale.ROOT), message.text))
                .toList();
        CompletableFuture<Turn> recorded = new CompletableFuture<>();
        model.complete(messages)
                .flatMap(reply -> turn.reply().complete(reply))
                .invoke(() -> DailyUsage.recordInBackground(turn.conversation().ownerEmail, turn.reply().promptTokens,
                        turn.reply().completionTokens))
                .replaceWith(turn)
                .onFailure(ProblemException.class)
                .call(failure -> turn.reply().fail(((ProblemException) failure).code(), ""))
                .onFailure(ProblemException.class)
                .transform(failure -> withTurnIds((ProblemException) failure, turn))
                .subscribe().with(recorded::complete, recorded::completeExceptionally);
        // cancelling this (the client left) cancels only the waiting, not the call above
        return Uni.createFrom().completionStage(recorded);
    }

    /** Adds the ids of what was stored to the problem a failed reply is answered with. */
    static ProblemException withTurnIds(ProblemException problem, Turn turn) {
        return problem.with("conversationId", turn.conversation().id.toHexString())
                .with("userMessageId", turn.user().id.toHexString())
                .with("assistantMessageId", turn.reply().id.toHexString());
    }

    /** Asks whichever replica streams this reply to stop it: 409 {@code not_streaming} when it is not streaming. */
    public Uni<Message> requestStop(String conversationId, String messageId, Actor actor) {
        return ownedMessage(parseId(conversationId), Ids.message(messageId), actor, true)
                .flatMap(found -> Message.requestStop(found.message().id, found.conversation().id))
                .onItem().ifNull().failWith(() -> conflict("not_streaming", "This reply is not being written."));
    }

    /**
     * Passes when the caller may stream from here: the user exists (no conversation named), the conversation is
     * theirs, or the message is in their conversation. Fails with the problem the stream would meet.
     */
    public Uni<Void> checkAccess(String conversationId, String messageId, Actor actor, boolean write) {
        if (conversationId == null) {
            return User.requireByEmail(writer(actor)).replaceWithVoid();
        }
        if (messageId == null) {
            ObjectId id = parseId(conversationId);
            return Conversation.<Conversation> findById(id).map(found -> owned(found, actor, write)).replaceWithVoid();
        }
        return ownedMessage(parseId(conversationId), Ids.message(messageId), actor, write).replaceWithVoid();
    }

    /** A message of the caller's conversation, with the conversation. */
    public record OwnedMessage(Conversation conversation, Message message) {
    }

    /** The message {@code messageId} of a conversation the caller may read: 404 if either is unknown, else 403. */
    public Uni<OwnedMessage> readableMessage(String conversationId, String messageId, Actor actor) {
        return ownedMessage(parseId(conversationId), Ids.message(messageId), actor, false);
    }

    private Uni<OwnedMessage> ownedMessage(ObjectId conversationId, ObjectId messageId, Actor actor, boolean write) {
        return Uni.combine().all().unis(Conversation.<Conversation> findById(conversationId),
                Message.<Message> findById(messageId)).asTuple()
                .map(found -> {
                    Conversation conversation = owned(found.getItem1(), actor, write);
                    Message message = found.getItem2();
                    if (message == null || !message.conversationId.equals(conversationId)) {
                        throw Ids.messageNotFound();
                    }
                    return new OwnedMessage(conversation, message);
                });
    }

    /** The caller's conversation with its newest {@code limit} messages before the cursor, oldest first. */
    public Uni<ConversationPage> get(String conversationId, Actor actor, int limit, String cursor) {
        ObjectId id = parseId(conversationId);
        long before = Paging.beforeSeq(cursor);
        // both reads at once: the messages are only returned once ownership is confirmed
        return Uni.combine().all()
                .unis(Conversation.<Conversation> findById(id), Message.pageBefore(id, before, limit + 1))
                .asTuple()
                .map(found -> {
                    Conversation conversation = owned(found.getItem1(), actor, false);
                    List<Message> messages = found.getItem2();
                    boolean more = messages.size() > limit;
                    List<Message> page = more ? messages.subList(1, messages.size()) : messages;
                    String next = more ? Paging.messageCursor(page.get(0).seq) : null;
                    return new ConversationPage(conversation, page, next);
                });
    }

    /** One page of the conversations a user owns, most recently active first. */
    public Uni<UserConversations> listByUser(String email, int limit, String cursor) {
        ListCursor after = ListCursor.decode(cursor);
        return Uni.combine().all()
                .unis(User.requireByEmail(email), Conversation.countByOwner(email),
                        Conversation.listByOwner(email, after, limit + 1))
                .asTuple()
                .map(found -> {
                    List<Conversation> items = found.getItem3();
                    boolean more = items.size() > limit;
                    List<Conversation> page = more ? items.subList(0, limit) : items;
                    String next = more ? ListCursor.after(page.get(limit - 1)).encode() : null;
                    return new UserConversations(found.getItem1(), found.getItem2(), page, next);
                });
    }

    /** One numbered page of every user's conversations. */
    public Uni<AllConversations> listAll(int page, int limit) {
        return Uni.combine().all().unis(Conversation.countAll(), Conversation.listAll(page, limit)).asTuple()
                .map(found -> new AllConversations(page, limit, found.getItem1(), found.getItem2()));
    }

    /** Undoes the soft delete of the caller's conversation: 409 {@code not_deleted} when it is not deleted. */
    public Uni<Conversation> restore(String conversationId, Actor actor) {
        ObjectId id = parseId(conversationId);
        String email = writer(actor);
        return Conversation.restore(id, email).onItem().ifNull().switchTo(() -> Conversation.<Conversation> findById(id)
                .map(found -> {
                    if (found == null) {
                        throw conversationNotFound();
                    }
                    if (!actor.mayWrite(found.ownerEmail)) {
                        throw ProblemException.forbidden("This conversation belongs to another user.");
                    }
                    throw conflict("not_deleted", "This conversation is not deleted.");
                }));
    }

    /** Gives the caller's conversation a title of their own. */
    public Uni<Conversation> rename(String conversationId, Actor actor, String title) {
        ObjectId id = parseId(conversationId);
        return Conversation.rename(id, writer(actor), title.strip())
                .onItem().ifNull().switchTo(() -> explainMissing(id, actor));
    }

    /**
     * Asks the model for a short title after a conversation's first reply, in the background (CHAT_GENERATE_TITLES):
     * the reply is not delayed, and a failure leaves the first-80-characters title.
     */
    public void titleInBackground(Turn turn) {
        if (!chat.generateTitles() || turn.reply().status != Message.Status.COMPLETE) {
            return;
        }
        List<ChatMessage> ask = List.of(new ChatMessage("user", turn.user().text),
                new ChatMessage("assistant", turn.reply().text),
                new ChatMessage("user", "Give this conversation a title of at most six words. Answer with the title only."));
        model.complete(ask)
                .map(reply -> Conversation.titleOf(reply.text().replace("\"", "").strip()))
                .chain(title -> title.isEmpty() ? Uni.createFrom().voidItem()
                        : Conversation.setGeneratedTitle(turn.conversation().id, title))
                .subscribe().with(done -> Log.debugf("Titled conversation %s", turn.conversation().id),
                        failure -> Log.debugf("No title for conversation %s: %s", turn.conversation().id,
                                failure.getMessage()));
    }

    /** Soft-deletes the caller's conversation: it disappears from the API but stays stored. */
    public Uni<Void> delete(String conversationId, Actor actor) {
        ObjectId id = parseId(conversationId);
        return Conversation.softDelete(id, writer(actor))
                .onItem().ifNull().switchTo(() -> explainMissing(id, actor))
                .replaceWithVoid();
    }

    /** A page of one conversation's messages and the cursor to the older ones. */
    public record ConversationPage(Conversation conversation, List<Message> messages, String nextCursor) {
    }

    /** A page of one user's conversations. */
    public record UserConversations(User user, long total, List<Conversation> items, String nextCursor) {
    }

    /** A numbered page of all conversations. */
    public record AllConversations(int page, int limit, long total, List<Conversation> items) {
    }

    private Uni<Turn> beginTurn(ObjectId id, String email, String text, boolean streamed, int attempt) {
        return Conversation.reserveTurn(id, email, attempt == 0 ? 2 : 0)
                .onItem().ifNull().switchTo(() -> explainMissing(id, new Actor(email, false)))
                .flatMap(conversation -> {
                    Message user = Message.fromUser(id, conversation.lastSeq - 1, text);
                    Message reply = Message.pendingReply(user, conversation.lastSeq, streamed, 1);
                    return Message.insertTurn(user, reply)
                            .map(inserted -> new Turn(conversation, user, reply, List.of()))
                            .onFailure(failure -> MongoErrors.isDuplicateKey(failure) && attempt + 1 < MAX_TURN_ATTEMPTS)
                            .recoverWithUni(failure -> {
                                // the database handed these numbers out twice; the unique index refused the
                                // second turn, so take fresh numbers and store it again
                                Log.debugf("Sequence %d of conversation %s was taken; retrying", user.seq, id);
                                return Message.deleteTurn(user, reply)
                                        .chain(() -> beginTurn(id, email, text, streamed, attempt + 1));
                            });
                });
    }

    private Uni<Conversation> explainMissing(ObjectId id, Actor actor) {
        return Conversation.<Conversation> findById(id).map(found -> {
            owned(found, actor, true);
            // it was the caller's and active a moment ago: deleted meanwhile
            throw conversationNotFound();
        });
    }

    /**
     * The ownership check of every conversation route: the conversation exists and is not deleted (else 404), and the
     * actor may read it (its owner or an administrator) or change it (its owner only; else 403). Writes also carry
     * the owner in their atomic update's filter, so a check and a write cannot disagree.
     */
    private static Conversation owned(Conversation conversation, Actor actor, boolean write) {
        if (conversation == null || !conversation.isActive()) {
            throw conversationNotFound();
        }
        if (write ? !actor.mayWrite(conversation.ownerEmail) : !actor.mayRead(conversation.ownerEmail)) {
            throw ProblemException.forbidden("This conversation belongs to another user.");
        }
        return conversation;
    }

    /** The user a write acts as; an administrator acting as nobody reads every conversation but writes none. */
    private static String writer(Actor actor) {
        if (actor.email() == null) {
            throw ProblemException.forbidden("Administrators can read every conversation but not write as its owner.");
        }
        return actor.email();
    }

    private void checkLength(String text, String field) {
        if (text.length() > chat.maxMessageLength()) {
            throw ProblemException.invalidField(field, "must be at most " + chat.maxMessageLength() + " characters");
        }
        context.checkFits(text);
    }

    private static ObjectId parseId(String id) {
        if (id == null || !ObjectId.isValid(id)) {
            throw conversationNotFound();
        }
        return new ObjectId(id);
    }

    private static ProblemException conversationNotFound() {
        return ProblemException.notFound("conversation_not_found", "No such conversation.");
    }

    static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }
}
