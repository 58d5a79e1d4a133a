package dev.convo.turn;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.LlmConfig;
import dev.convo.conversation.Branches;
import dev.convo.conversation.ContextEntry;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.ConversationSettings;
import dev.convo.conversation.Message;
import dev.convo.conversation.Ownership;
import dev.convo.conversation.SettingsRules;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatModel;
import dev.convo.llm.ContextWindow;
import dev.convo.llm.ReplySettings;
import dev.convo.mongo.MongoErrors;
import dev.convo.security.Actor;
import dev.convo.usage.Limits;
import io.smallrye.mutiny.Uni;

/**
 * Turns that start a branch: an edit of an earlier user message (a new version of it, with its reply), and a new
 * version of a reply that is not the end of the branch shown. The model sees the path to the message it answers,
 * read from the tree, never another branch; the conversation's kept history becomes that path in the same atomic
 * update that takes the numbers, makes the new reply the branch's end and counts the switch (taken only if no other
 * turn took numbers since the conversation was read; else read again).
 */
@ApplicationScoped
public class BranchTurns {

    private static final int MAX_ATTEMPTS = 5;

    private final ChatModel model;
    private final ContextWindow context;
    private final Limits limits;
    private final MessageChecks checks;
    private final int historyMessages;
    private final TurnAdmission admission;
    private final SettingsRules rules;

    BranchTurns(ChatModel model, ContextWindow context, Limits limits, MessageChecks checks, LlmConfig llm,
            TurnAdmission admission, SettingsRules rules) {
        this.model = model;
        this.context = context;
        this.limits = limits;
        this.checks = checks;
        this.historyMessages = llm.historyMessages();
        this.admission = admission;
        this.rules = rules;
    }

    /**
     * A new version of the caller's user message {@code messageId} with {@code text}, following the same message
     * (the earlier version and everything after it are kept, on their branch), and its reply; the new branch is
     * shown from then on.
     */
    public <R> Uni<R> edit(String conversationId, String messageId, Actor actor, String text, String turnModel,
            ReplyDelivery<R> delivery) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId editedId = Ownership.messageId(messageId);
        String email = Ownership.writer(actor);
        String picked = rules.turnModel(turnModel);
        checks.check(text, "text", rules.call(rules.forTurn(null, picked)));
        return admission.admitted(() -> Ownership.ownedMessage(id, editedId, actor, true).flatMap(found -> {
            if (found.message().role != Message.Role.USER) {
                throw ProblemException.invalidField("messageId", "must be one of the user's messages");
            }
            ConversationSettings used = rules.forTurn(found.conversation().settings, picked);
            ReplySettings call = rules.call(used);
            model.ensureConfigured(call.model());
            return limits.admit(email).chain(() -> Branches.asTree(found.conversation()))
                    .flatMap(conversation -> Message.byId(id, editedId).flatMap(edited -> historyBefore(edited)
                            .flatMap(history -> editOnce(conversation, email, edited.parentId, text, history,
                                    delivery.streamed(), used, call, 0))));
        })).flatMap(delivery::deliver);
    }

    /** A new version of {@code previous}, a reply that is not the end of the branch shown; its branch is shown then. */
    Uni<Turn> newVersion(Conversation conversation, Message previous, String email, boolean streamed,
            ConversationSettings used, ReplySettings call) {
        return Message.byId(conversation.id, previous.replyTo).onItem().ifNull().failWith(Ownership::messageNotFound)
                .flatMap(user -> Branches.history(user, historyMessages).flatMap(history -> newVersionOnce(
                        conversation, user, previous, email, history, streamed, used, call, 0)));
    }

    private Uni<Turn> editOnce(Conversation conversation, String email, ObjectId parentId, String text,
            List<ContextEntry> history, boolean streamed, ConversationSettings used, ReplySettings call, int attempt) {
        long seq = conversation.lastSeq;
        Message user = Message.fromUser(conversation.id, seq + 1, text, parentId);
        Message reply = Message.pendingReply(user, seq + 2, streamed, 1, used);
        List<ContextEntry> recent = withLast(history, ContextEntry.of(user, context.countIfLoaded(text)));
        return Conversation.branch(conversation.id, email, seq, 2, reply.id, recent)
                .flatMap(after -> after == null
                        ? again(conversation, email, attempt, fresh -> editOnce(fresh, email, parentId, text, history,
                                streamed, used, call, attempt + 1))
                        : Message.insertTurn(user, reply).map(stored -> new Turn(after, user, reply, recent, true, call))
                                .onFailure(MongoErrors::isDuplicateKey).recoverWithUni(failure -> again(conversation,
                                        email, attempt, fresh -> editOnce(fresh, email, parentId, text, history,
                                                streamed, used, call, attempt + 1))));
    }

    private Uni<Turn> newVersionOnce(Conversation conversation, Message user, Message previous, String email,
            List<ContextEntry> history, boolean streamed, ConversationSettings used, ReplySettings call, int attempt) {
        Message reply = Message.pendingReply(user, conversation.lastSeq + 1, streamed, previous.version + 1, used);
        return Conversation.branch(conversation.id, email, conversation.lastSeq, 1, reply.id, history)
                .flatMap(after -> after == null
                        ? again(conversation, email, attempt, fresh -> newVersionOnce(fresh, user, previous, email,
                                history, streamed, used, call, attempt + 1))
                        : reply.persist().map(stored -> new Turn(after, user, reply, history, true, call)));
    }

    /** Reads the conversation again after another turn took numbers first, a few times; then 409. */
    private static Uni<Turn> again(Conversation conversation, String email, int attempt,
            java.util.function.Function<Conversation, Uni<Turn>> retry) {
        if (attempt + 1 >= MAX_ATTEMPTS) {
            return Uni.createFrom().failure(new ProblemException(ProblemCode.NOT_LAST_REPLY,
                    "The conversation moved on meanwhile; try again."));
        }
        return Conversation.findOwned(conversation.id, email)
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(conversation.id, new Actor(email, false)))
                .flatMap(fresh -> retry.apply(fresh));
    }

    /** The history before a user message: the path to the message it follows (none for a first message). */
    private Uni<List<ContextEntry>> historyBefore(Message edited) {
        if (edited.parentId == null || edited.parentId.equals(edited.conversationId)) {
            return Uni.createFrom().item(List.of());
        }
        return Message.byId(edited.conversationId, edited.parentId)
                .flatMap(parent -> parent == null ? Uni.createFrom().item(List.<ContextEntry>of())
                        : Branches.history(parent, historyMessages - 1));
    }

    private List<ContextEntry> withLast(List<ContextEntry> history, ContextEntry last) {
        List<ContextEntry> all = new ArrayList<>(history);
        all.add(last);
        return all.subList(Math.max(0, all.size() - historyMessages), all.size());
    }
}
