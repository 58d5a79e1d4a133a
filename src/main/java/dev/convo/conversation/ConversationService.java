package dev.convo.conversation;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatMessage;
import dev.convo.llm.ChatModel;
import dev.convo.mongo.MongoErrors;
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
    private final ChatConfig chat;
    private final LlmConfig llm;

    ConversationService(ChatModel model, ChatConfig chat, LlmConfig llm) {
        this.model = model;
        this.chat = chat;
        this.llm = llm;
    }

    /** A stored user message, its reply, and the conversation they belong to. */
    public record Turn(Conversation conversation, Message user, Message reply) {
    }

    /** Starts a conversation with its first user message and the model's answer. */
    public Uni<Turn> start(String email, String firstMessage) {
        checkLength(firstMessage, "first_message");
        model.ensureConfigured();
        return User.requireByEmail(email).flatMap(owner -> {
            Conversation conversation = Conversation.startedBy(owner, firstMessage);
            Message user = Message.fromUser(conversation.id, 1, firstMessage);
            Message reply = Message.pendingReply(conversation.id, 2);
            // messages first: should the conversation insert fail, nothing visible is left half-written
            return Message.insertTurn(user, reply)
                    .chain(conversation::persist)
                    .map(stored -> new Turn(conversation, user, reply));
        }).flatMap(turn -> generate(turn, List.of(turn.user())));
    }

    /** Adds a user message to the caller's conversation and the model's answer to it. */
    public Uni<Turn> post(String conversationId, String email, String text) {
        ObjectId id = parseId(conversationId);
        checkLength(text, "text");
        model.ensureConfigured();
        return beginTurn(id, email, text, 0)
                .flatMap(turn -> Message.history(id, turn.user().seq, llm.historyMessages())
                        .flatMap(history -> generate(turn, history)));
    }

    /** The caller's conversation with its newest {@code limit} messages before the cursor, oldest first. */
    public Uni<ConversationPage> get(String conversationId, String email, int limit, String cursor) {
        ObjectId id = parseId(conversationId);
        long before = Paging.beforeSeq(cursor);
        // both reads at once: the messages are only returned once ownership is confirmed
        return Uni.combine().all()
                .unis(Conversation.<Conversation> findById(id), Message.pageBefore(id, before, limit + 1))
                .asTuple()
                .map(found -> {
                    Conversation conversation = owned(found.getItem1(), email);
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

    /** Soft-deletes the caller's conversation: it disappears from the API but stays stored. */
    public Uni<Void> delete(String conversationId, String email) {
        ObjectId id = parseId(conversationId);
        return Conversation.softDelete(id, email)
                .onItem().ifNull().switchTo(() -> explainMissing(id, email))
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

    private Uni<Turn> beginTurn(ObjectId id, String email, String text, int attempt) {
        return Conversation.reserveTurn(id, email, attempt == 0 ? 2 : 0)
                .onItem().ifNull().switchTo(() -> explainMissing(id, email))
                .flatMap(conversation -> {
                    Message user = Message.fromUser(id, conversation.lastSeq - 1, text);
                    Message reply = Message.pendingReply(id, conversation.lastSeq);
                    return Message.insertTurn(user, reply)
                            .map(inserted -> new Turn(conversation, user, reply))
                            .onFailure(failure -> MongoErrors.isDuplicateKey(failure) && attempt + 1 < MAX_TURN_ATTEMPTS)
                            .recoverWithUni(failure -> {
                                // the database handed these numbers out twice; the unique index refused the
                                // second turn, so take fresh numbers and store it again
                                Log.debugf("Sequence %d of conversation %s was taken; retrying", user.seq, id);
                                return Message.deleteTurn(user, reply).chain(() -> beginTurn(id, email, text, attempt + 1));
                            });
                });
    }

    private Uni<Turn> generate(Turn turn, List<Message> history) {
        List<ChatMessage> messages = history.stream()
                .map(message -> new ChatMessage(message.role.name().toLowerCase(Locale.ROOT), message.text))
                .toList();
        return model.complete(messages)
                .flatMap(reply -> turn.reply().complete(reply))
                .replaceWith(turn)
                .onFailure(ProblemException.class)
                .call(failure -> turn.reply().fail(((ProblemException) failure).code()))
                .onFailure(ProblemException.class)
                .transform(failure -> ((ProblemException) failure)
                        .with("conversationId", turn.conversation().id.toHexString())
                        .with("userMessageId", turn.user().id.toHexString())
                        .with("assistantMessageId", turn.reply().id.toHexString()));
    }

    private Uni<Conversation> explainMissing(ObjectId id, String email) {
        return Conversation.<Conversation> findById(id).map(found -> {
            owned(found, email);
            // it was the caller's and active a moment ago: deleted meanwhile
            throw conversationNotFound();
        });
    }

    private static Conversation owned(Conversation conversation, String email) {
        if (conversation == null || !conversation.isActive()) {
            throw conversationNotFound();
        }
        if (!conversation.ownerEmail.equals(email)) {
            throw ProblemException.forbidden("This conversation belongs to another user.");
        }
        return conversation;
    }

    private void checkLength(String text, String field) {
        if (text.length() > chat.maxMessageLength()) {
            throw ProblemException.invalidField(field, "must be at most " + chat.maxMessageLength() + " characters");
        }
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
}
