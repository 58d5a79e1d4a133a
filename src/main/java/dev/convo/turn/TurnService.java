package dev.convo.turn;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.types.ObjectId;

import dev.convo.config.LlmConfig;
import dev.convo.conversation.Branches;
import dev.convo.conversation.ContextEntry;
import dev.convo.conversation.ConversationSettings;
import dev.convo.conversation.SettingsRules;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.conversation.Ownership;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatModel;
import dev.convo.llm.ContextWindow;
import dev.convo.llm.ModelCatalogue;
import dev.convo.llm.ReplySettings;
import dev.convo.mongo.MongoErrors;
import dev.convo.security.Actor;
import dev.convo.usage.Limits;
import dev.convo.user.User;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Writes turns: starts a conversation, adds a message, or asks for a new version of the last reply. Each checks
 * ownership, input and limits, stores the user's message with a reply still to be written (in its place in line,
 * {@link TurnAdmission}), then hands the turn to the delivery the client asked for (JSON or a stream), so both
 * behave the same from there on.
 */
@ApplicationScoped
public class TurnService {

    /** How often a turn takes new sequence numbers after finding its first ones taken. */
    private static final int MAX_TURN_ATTEMPTS = 5;

    private final ChatModel model;
    private final ContextWindow context;
    private final Limits limits;
    private final LlmConfig llm;
    private final ReplyDeadlines deadlines;
    private final TurnAdmission admission;
    private final SettingsRules rules;
    private final ModelCatalogue catalogue;
    private final BranchTurns branches;
    private final MessageChecks checks;

    TurnService(ChatModel model, ContextWindow context, Limits limits, LlmConfig llm,
            ReplyDeadlines deadlines, TurnAdmission admission, SettingsRules rules, ModelCatalogue catalogue,
            BranchTurns branches, MessageChecks checks) {
        this.branches = branches;
        this.checks = checks;
        this.rules = rules;
        this.catalogue = catalogue;
        this.model = model;
        this.context = context;
        this.limits = limits;
        this.llm = llm;
        this.deadlines = deadlines;
        this.admission = admission;
    }

    /** Starts a conversation with its first user message and its settings (checked), and its reply. */
    public <R> Uni<R> start(Actor actor, String firstMessage, ConversationSettings requested, ReplyDelivery<R> delivery) {
        String email = Ownership.writer(actor);
        ConversationSettings chosen = rules.checked(null, requested);
        ConversationSettings used = rules.forTurn(chosen, null);
        ReplySettings call = rules.call(used);
        checks.check(firstMessage, "first_message", call);
        model.ensureConfigured(call.model());
        return admission.admitted(() -> limits.admit(email).chain(() -> User.requireByEmail(email)).flatMap(owner -> {
            Conversation conversation = Conversation.startedBy(owner, firstMessage, chosen);
            Message user = Message.fromUser(conversation.id, 1, firstMessage, conversation.id);
            Message reply = Message.pendingReply(user, 2, delivery.streamed(), 1, used);
            conversation.activeLeafId = reply.id;
            ContextEntry asked = ContextEntry.of(user, context.countIfLoaded(firstMessage));
            conversation.recent = List.of(asked);
            // messages first: should the conversation insert fail, nothing visible is left half-written
            return Message.insertTurn(user, reply)
                    .chain(conversation::persist)
                    .map(stored -> new Turn(conversation, user, reply, List.of(asked), true, call));
        })).flatMap(delivery::deliver);
    }

    /**
     * Adds a user message to the caller's conversation, and its reply, written by the conversation's model or by
     * {@code turnModel} (for this reply only) when it names one.
     */
    public <R> Uni<R> post(String conversationId, Actor actor, String text, String turnModel, ReplyDelivery<R> delivery) {
        ObjectId id = Ownership.conversationId(conversationId);
        String email = Ownership.writer(actor);
        String picked = rules.turnModel(turnModel);
        ReplySettings precheck = rules.call(rules.forTurn(null, picked));
        checks.check(text, "text", precheck);
        if (picked != null || !catalogue.anyConfigured()) {
            model.ensureConfigured(precheck.model());
        }
        return admission.admitted(() -> limits.admit(email)
                .chain(() -> reserveAndStore(id, email, text, picked, delivery.streamed(), 0, null)))
                .flatMap(delivery::deliver);
    }

    /**
     * Starts a new version of a reply, to the same user message, and shows it. A new version of the end of the branch
     * shown takes its place there (the earlier one is kept, marked superseded, and no longer sent to the model); a
     * new version of an earlier reply starts a branch ({@link BranchTurns}).
     */
    public <R> Uni<R> regenerate(String conversationId, String messageId, Actor actor, String turnModel,
            ReplyDelivery<R> delivery) {
        ObjectId id = Ownership.conversationId(conversationId);
        ObjectId replyId = Ownership.messageId(messageId);
        String email = Ownership.writer(actor);
        String picked = rules.turnModel(turnModel);
        return admission.admitted(() -> Ownership.ownedMessage(id, replyId, actor, true).flatMap(found -> {
            Message previous = found.message();
            Conversation conversation = found.conversation();
            if (previous.role != Message.Role.ASSISTANT) {
                throw new ProblemException(ProblemCode.NOT_LAST_REPLY, "Only a reply can be regenerated.");
            }
            ConversationSettings used = rules.forTurn(conversation.settings, picked);
            ReplySettings call = rules.call(used);
            model.ensureConfigured(call.model());
            boolean atEnd = conversation.tree ? previous.id.equals(conversation.activeLeafId)
                    : !previous.isSuperseded() && previous.seq == conversation.lastSeq;
            ObjectId versionId = new ObjectId();
            return deadlines.settled(previous).chain(() -> limits.admit(email))
                    .chain(() -> !atEnd ? Branches.asTree(conversation).flatMap(tree -> branches.newVersion(tree,
                            previous, email, delivery.streamed(), used, call))
                            : Conversation.reserveRegeneration(id, email, previous, conversation.tree, versionId)
                                    .onItem().ifNull().failWith(() -> new ProblemException(ProblemCode.NOT_LAST_REPLY,
                                            "The conversation moved on meanwhile."))
                                    .flatMap(reserved -> newVersion(reserved, previous, versionId, delivery.streamed(),
                                            used, call)));
        })).flatMap(delivery::deliver);
    }

    /**
     * Supersedes the previous version and stores the new one. The user message it answers and the history up to it
     * come with the conversation (the reservation took the previous version out of it); they are read from the
     * messages only when the conversation does not hold them (stored before it kept its history, or the previous
     * version's writer died before its end joined it).
     */
    private Uni<Turn> newVersion(Conversation conversation, Message previous, ObjectId versionId, boolean streamed,
            ConversationSettings used, ReplySettings call) {
        ContextEntry asked = conversation.recent == null ? null : conversation.recent.stream()
                .filter(entry -> previous.replyTo.equals(entry.messageId)).findFirst().orElse(null);
        Uni<Question> question = asked != null
                ? Uni.createFrom().item(new Question(asked.toUserMessage(conversation.id), kept(conversation, asked),
                        true))
                : Message.byId(conversation.id, previous.replyTo).flatMap(user -> stored(conversation.id, user)
                        .map(history -> new Question(user, history, false)));
        return previous.supersede().chain(() -> question).flatMap(found -> {
            Message reply = Message.pendingReply(found.user(), conversation.lastSeq, streamed, previous.version + 1,
                    used);
            reply.id = versionId;
            return reply.persist().map(stored -> new Turn(conversation, found.user(), reply, found.history(),
                    found.remembered(), call));
        });
    }

    /** A user message, the history that ends with it, and whether its conversation holds it already. */
    private record Question(Message user, List<ContextEntry> history, boolean remembered) {
    }

    /** The history the conversation holds before {@code last}, and {@code last}: at most as long as configured. */
    private List<ContextEntry> kept(Conversation conversation, ContextEntry last) {
        List<ContextEntry> history = new ArrayList<>(conversation.recent.size() + 1);
        for (ContextEntry entry : conversation.recent) {
            if (entry.seq < last.seq) {
                history.add(entry);
            }
        }
        history.add(last);
        return history.subList(Math.max(0, history.size() - llm.historyMessages()), history.size());
    }

    /** The history up to {@code user} read from the messages, for a conversation that does not hold it. */
    private Uni<List<ContextEntry>> stored(ObjectId conversationId, Message user) {
        return Message.history(conversationId, user.seq, llm.historyMessages())
                .map(messages -> messages.stream().map(message -> ContextEntry.of(message, null)).toList());
    }

    /**
     * Takes the turn's two sequence numbers (checking ownership in the same atomic update) and stores the user
     * message with its pending reply. Should the numbers prove taken (the unique index refuses them), it takes fresh
     * ones: a real MongoDB never hands them out twice, the embedded test server can.
     */
    private Uni<Turn> reserveAndStore(ObjectId id, String email, String text, String turnModel, boolean streamed,
            int attempt, ObjectId firstParent) {
        ObjectId replyId = new ObjectId();
        return Conversation.reserveTurn(id, email, attempt == 0 ? 2 : 0, replyId)
                .onItem().ifNull().switchTo(() -> Ownership.explainMissing(id, new Actor(email, false)))
                .flatMap(reserved -> {
                    Conversation conversation = reserved.conversation();
                    // the turn follows the end of the branch shown (a retry: the one its first attempt followed)
                    ObjectId parent = !conversation.tree ? null : attempt == 0 ? reserved.previousLeaf() : firstParent;
                    ConversationSettings used = rules.forTurn(conversation.settings, turnModel);
                    Message user = Message.fromUser(id, conversation.lastSeq - 1, text, parent);
                    Message reply = Message.pendingReply(user, conversation.lastSeq, streamed, 1, used);
                    reply.id = replyId;
                    return Message.insertTurn(user, reply)
                            .chain(() -> historyOf(conversation, user))
                            .map(history -> new Turn(conversation, user, reply, history, false, rules.call(used)))
                            .onFailure(failure -> MongoErrors.isDuplicateKey(failure) && attempt + 1 < MAX_TURN_ATTEMPTS)
                            .recoverWithUni(failure -> {
                                Log.debugf("Sequence %d of conversation %s was taken; retrying", user.seq, id);
                                return Message.deleteTurn(user, reply)
                                        .chain(() -> reserveAndStore(id, email, text, turnModel, streamed, attempt + 1,
                                                parent));
                            });
                });
    }

    /** The history a new user message is answered with: what its conversation holds, and the message. */
    private Uni<List<ContextEntry>> historyOf(Conversation conversation, Message user) {
        if (conversation.recent == null) {
            return stored(conversation.id, user);
        }
        return Uni.createFrom().item(kept(conversation, ContextEntry.of(user, context.countIfLoaded(user.text))));
    }
}
