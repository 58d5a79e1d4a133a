package dev.convo.conversation;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static dev.convo.mongo.FlatFilter.allOf;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.convo.mongo.CollectionPlan;
import dev.convo.user.User;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.panache.common.MongoEntity;
import io.quarkus.mongodb.panache.reactive.ReactivePanacheMongoEntity;
import io.smallrye.mutiny.Uni;

/**
 * A chat between one user and the model; it hands out the sequence numbers of its messages.
 */
@MongoEntity(collection = "conversations")
public class Conversation extends ReactivePanacheMongoEntity {

    /** Whether a conversation is shown, was deleted by its owner and is only kept, or is not complete yet. */
    public enum State {
        ACTIVE,
        DELETED,
        /** Being imported: its messages are being stored, and it is shown once they all are. */
        IMPORTING
    }

    static final int TITLE_LENGTH = 80;

    public ObjectId ownerId;
    public String ownerEmail;
    public String title;
    public State state;
    /** How many messages the conversation holds. */
    public long messageCount;
    /** The highest sequence number handed out so far. */
    public long lastSeq;
    public Instant createdAt;
    public Instant lastActivityAt;
    public Instant deletedAt;
    /** Whether the owner named the conversation (a generated title never replaces theirs). */
    public boolean titled;
    /**
     * The newest messages the model is to see (at most {@code llm.history-messages}), oldest first: the history of
     * the next turn, which comes with the update that reserves it. A reply joins when it ends; a superseded one
     * leaves. {@code null} in a conversation stored before it existed, whose history is read from its messages.
     * Only the turn's own updates return it: every other read leaves it out.
     */
    public List<ContextEntry> recent;
    /** What the owner chose for the replies; {@code null} (or a null field) is the default. */
    public ConversationSettings settings;
    /**
     * Whether every message names its parent, so that messages form a tree of branches (edits and new versions):
     * every conversation started since branches exist; one stored as a line becomes one at its first edit or switch.
     */
    public boolean tree;
    /** The last message of the branch shown and continued (a new turn follows it). */
    public ObjectId activeLeafId;
    /**
     * Counts the switches of branch (an edit, a switch, a new version of an earlier reply): an end that would add its
     * turn to the kept history of an earlier branch finds another count, and leaves that history alone.
     */
    public long branchEpoch;

    /**
     * A new conversation whose first turn (a user message and its reply) takes sequence numbers 1 and 2, with the
     * settings its owner chose (checked).
     */
    public static Conversation startedBy(User owner, String firstMessage, ConversationSettings settings) {
        Instant now = now();
        Conversation conversation = new Conversation();
        conversation.id = randomId();
        conversation.ownerId = owner.id;
        conversation.ownerEmail = owner.email;
        conversation.title = titleOf(firstMessage);
        conversation.state = State.ACTIVE;
        conversation.messageCount = 2;
        conversation.lastSeq = 2;
        conversation.createdAt = now;
        conversation.lastActivityAt = now;
        conversation.settings = settings == null || settings.isEmpty() ? null : settings;
        conversation.tree = true;
        return conversation;
    }

    /** A turn's reservation: the conversation after it, and the branch's leaf before it (the turn's parent). */
    public record Reserved(Conversation conversation, ObjectId previousLeaf) {
    }

    /**
     * Takes the next two sequence numbers for a turn whose reply is {@code replyId}, which becomes the leaf of the
     * branch, checking ownership and state in the same atomic update. Empty when the conversation is unknown, deleted
     * or not the caller's. {@code messages} is how much the message count grows: 0 when retrying a turn whose first
     * numbers were taken twice.
     */
    public static Uni<Reserved> reserveTurn(ObjectId id, String ownerEmail, int messages, ObjectId replyId) {
        Date now = Date.from(now());
        Bson update = Updates.combine(Updates.inc("lastSeq", 2), Updates.inc("messageCount", messages),
                Updates.set("lastActivityAt", now), Updates.set("activeLeafId", replyId));
        return collection().findOneAndUpdate(allOf(eq("_id", id), eq("ownerEmail", ownerEmail),
                eq("state", State.ACTIVE.name())), update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE))
                .map(before -> {
                    if (before == null) {
                        return null;
                    }
                    ObjectId previousLeaf = before.activeLeafId;
                    before.lastSeq += 2;
                    before.messageCount += messages;
                    before.lastActivityAt = now.toInstant();
                    before.activeLeafId = replyId;
                    return new Reserved(before, previousLeaf);
                });
    }

    /**
     * Starts a new branch: takes {@code numbers} sequence numbers (only if none was taken since {@code lastSeq} was
     * read), makes {@code leafId} the branch shown, with {@code recent} as the model's history, and counts the switch.
     * Empty when the conversation moved on meanwhile, or is not the caller's active one.
     */
    public static Uni<Conversation> branch(ObjectId id, String ownerEmail, long lastSeq, int numbers, ObjectId leafId,
            List<ContextEntry> recent) {
        Bson filter = allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()),
                eq("lastSeq", lastSeq));
        Bson update = Updates.combine(Updates.inc("lastSeq", numbers), Updates.inc("messageCount", numbers),
                Updates.set("lastActivityAt", Date.from(now())), Updates.set("activeLeafId", leafId),
                Updates.inc("branchEpoch", 1), Updates.set("tree", true),
                Updates.set("recent", recent.stream().map(ContextEntry::toDocument).toList()));
        return collection().findOneAndUpdate(filter, update,
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /** Shows the branch ending at {@code leafId}, with {@code recent} as the model's history; counts the switch. */
    public static Uni<Conversation> activate(ObjectId id, String ownerEmail, ObjectId leafId, List<ContextEntry> recent) {
        Bson filter = allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()));
        Bson update = Updates.combine(Updates.set("activeLeafId", leafId), Updates.inc("branchEpoch", 1),
                Updates.set("recent", recent.stream().map(ContextEntry::toDocument).toList()));
        return collection().findOneAndUpdate(filter, update, shown());
    }

    /** Marks a conversation stored as a line a tree, once its messages name their parents, ending at {@code leafId}. */
    static Uni<Conversation> becomeTree(ObjectId id, String ownerEmail, ObjectId leafId) {
        return collection().findOneAndUpdate(allOf(eq("_id", id), eq("ownerEmail", ownerEmail), Filters.ne("tree", true)),
                Updates.combine(Updates.set("tree", true), Updates.set("activeLeafId", leafId)), shown());
    }

    /**
     * Takes the next sequence number for {@code newVersion}, a new version of {@code previous}, only while that reply
     * is still the end of the branch shown (of a conversation stored as a line: its last message), takes it out of the
     * model's history and makes the new version the end. Empty otherwise.
     */
    public static Uni<Conversation> reserveRegeneration(ObjectId id, String ownerEmail, Message previous,
            boolean tree, ObjectId newVersion) {
        Bson last = tree ? eq("activeLeafId", previous.id) : eq("lastSeq", previous.seq);
        return reserve(allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()), last), 1, 1,
                Updates.pull("recent", new Document("seq", previous.seq)), Updates.set("activeLeafId", newVersion));
    }

    private static Uni<Conversation> reserve(Bson filter, long numbers, long messages, Bson... more) {
        List<Bson> updates = new ArrayList<>(List.of(Updates.inc("lastSeq", numbers),
                Updates.inc("messageCount", messages), Updates.set("lastActivityAt", Date.from(now()))));
        updates.addAll(List.of(more));
        return collection().findOneAndUpdate(filter, Updates.combine(updates),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * Adds ended messages to the model's history, in order of their numbers (turns may end in any order), keeping
     * the newest {@code keep}, unless the owner has switched branch since the turn began. A conversation stored before
     * the history was kept here is left as it is.
     */
    public Uni<Void> remember(List<ContextEntry> entries, int keep) {
        if (recent == null || entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Bson push = Updates.pushEach("recent", entries.stream().map(ContextEntry::toDocument).toList(),
                new PushOptions().sortDocument(new Document("seq", 1)).slice(-keep));
        // only while the branch is the one the turn was on: after a switch, the history is the other branch's
        Bson sameBranch = branchEpoch == 0 ? Filters.in("branchEpoch", 0L, null) : eq("branchEpoch", branchEpoch);
        return collection().updateOne(allOf(eq("_id", id), eq("ownerEmail", ownerEmail), sameBranch), push)
                .replaceWithVoid();
    }

    /** Ends the import of a conversation: it takes the state it had where it came from. */
    public static Uni<Void> imported(ObjectId id, String ownerEmail, State state) {
        return collection().updateOne(allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.IMPORTING.name())),
                Updates.set("state", state.name())).replaceWithVoid();
    }

    /** Marks the conversation deleted if it is the caller's and still active; empty otherwise. */
    static Uni<Conversation> softDelete(ObjectId id, String ownerEmail) {
        Bson filter = allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()));
        Bson update = Updates.combine(Updates.set("state", State.DELETED.name()), Updates.set("deletedAt", Date.from(now())));
        return collection().findOneAndUpdate(filter, update, shown());
    }

    /** Undoes the owner's soft delete; empty when the conversation is not the caller's deleted one. */
    static Uni<Conversation> restore(ObjectId id, String ownerEmail) {
        Bson filter = allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.DELETED.name()));
        Bson update = Updates.combine(Updates.set("state", State.ACTIVE.name()), Updates.unset("deletedAt"));
        return collection().findOneAndUpdate(filter, update, shown());
    }

    /**
     * Renames the caller's active conversation (when {@code title} is given) and changes its settings: those of
     * {@code set} that are not null are set, those named in {@code reset} removed (back to their defaults). Empty
     * when the conversation is not the caller's active one.
     */
    static Uni<Conversation> update(ObjectId id, String ownerEmail, String title, ConversationSettings set,
            List<String> reset) {
        Bson filter = allOf(eq("_id", id), eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()));
        List<Bson> updates = new ArrayList<>();
        if (title != null) {
            updates.add(Updates.set("title", title));
            updates.add(Updates.set("titled", true));
        }
        reset.forEach(field -> updates.add(Updates.unset("settings." + field)));
        setIfGiven(updates, "settings.model", set.model);
        setIfGiven(updates, "settings.systemPrompt", set.systemPrompt);
        setIfGiven(updates, "settings.temperature", set.temperature);
        setIfGiven(updates, "settings.topP", set.topP);
        setIfGiven(updates, "settings.maxTokens", set.maxTokens);
        return collection().findOneAndUpdate(filter, Updates.combine(updates), shown());
    }

    private static void setIfGiven(List<Bson> updates, String field, Object value) {
        if (value != null) {
            updates.add(Updates.set(field, value));
        }
    }

    /** Sets a generated title, unless the owner has named the conversation meanwhile. */
    public Uni<Void> giveGeneratedTitle(String title) {
        return collection().updateOne(allOf(eq("_id", id), eq("ownerEmail", ownerEmail), Filters.ne("titled", true)),
                Updates.set("title", title)).replaceWithVoid();
    }

    /** The conversation {@code id} if {@code ownerEmail} owns it (the owner is the shard key: one shard is asked). */
    public static Uni<Conversation> findOwned(ObjectId id, String ownerEmail) {
        return collection().find(allOf(eq("_id", id), eq("ownerEmail", ownerEmail)), withoutHistory())
                .collect().first();
    }

    /** The conversation {@code id}, whoever owns it (a read of every shard: only what the owner's read missed). */
    static Uni<Conversation> byId(ObjectId id) {
        return collection().find(eq("_id", id), withoutHistory()).collect().first();
    }

    /** The owners of those of the conversations {@code ids} that are active, by id (administrators' reads). */
    static Uni<Map<ObjectId, String>> activeOwners(Collection<ObjectId> ids) {
        return collection().find(allOf(Filters.in("_id", ids), eq("state", State.ACTIVE.name())),
                new FindOptions().projection(Projections.include("_id", "ownerEmail"))).collect().asList()
                .map(found -> found.stream().collect(Collectors.toMap(conversation -> conversation.id,
                        conversation -> conversation.ownerEmail)));
    }

    /**
     * A random id rather than a time-ordered one: messages are sharded by ranges of their conversation's id, and
     * random ids spread new conversations over all of them instead of piling them on the last.
     */
    private static ObjectId randomId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new ObjectId(bytes);
    }

    /** The ids of up to {@code batch} conversations deleted before {@code before}. */
    static Uni<List<ObjectId>> deletedBefore(Instant before, int batch) {
        return collection().find(allOf(eq("state", State.DELETED.name()), lt("deletedAt", Date.from(before))),
                new FindOptions().limit(batch).projection(Projections.include("_id")))
                .map(conversation -> conversation.id).collect().asList();
    }

    static Uni<Long> deleteAll(List<ObjectId> ids) {
        return collection().deleteMany(Filters.in("_id", ids)).map(result -> result.getDeletedCount());
    }

    /** One page of a user's active conversations, most recently active first, starting after {@code after}. */
    public static Uni<List<Conversation>> listByOwner(String ownerEmail, Cursors.ConversationPosition after, int limit) {
        Bson filter = allOf(eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name()));
        if (after != null) {
            Date at = Date.from(after.lastActivityAt());
            filter = allOf(filter, or(lt("lastActivityAt", at), allOf(eq("lastActivityAt", at), lt("_id", after.id()))));
        }
        return collection().find(filter, newestFirst().limit(limit)).collect().asList();
    }

    /**
     * Every conversation of a user, deleted ones too (export, erasure), by the owner index: active ones first, each
     * state most recently active first.
     */
    public static io.smallrye.mutiny.Multi<Conversation> everyOfOwner(String ownerEmail) {
        return collection().find(eq("ownerEmail", ownerEmail), withoutHistory()
                .sort(Sorts.orderBy(Sorts.ascending("state"), Sorts.descending("lastActivityAt", "_id"))));
    }

    /** Up to {@code batch} conversations of a user, in any state, with their ids and activity only (erasure). */
    public static Uni<List<Conversation>> batchOfOwner(String ownerEmail, int batch) {
        return collection().find(eq("ownerEmail", ownerEmail),
                new FindOptions().limit(batch).projection(Projections.include("_id", "lastActivityAt")))
                .collect().asList();
    }

    /** Removes these conversations of a user (erasure). */
    public static Uni<Long> deleteOfOwner(String ownerEmail, List<ObjectId> ids) {
        return collection().deleteMany(allOf(eq("ownerEmail", ownerEmail), Filters.in("_id", ids)))
                .map(result -> result.getDeletedCount());
    }

    /** Hides every active conversation of a user at once (the first step of erasure): no turn reserves one after. */
    public static Uni<Void> hideAllOf(String ownerEmail) {
        return collection().updateMany(allOf(eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name())),
                Updates.combine(Updates.set("state", State.DELETED.name()), Updates.set("deletedAt", Date.from(now()))))
                .replaceWithVoid();
    }

    static Uni<Long> countByOwner(String ownerEmail) {
        return collection().countDocuments(allOf(eq("ownerEmail", ownerEmail), eq("state", State.ACTIVE.name())));
    }

    /** One page of every user's active conversations, for administrators. */
    static Uni<List<Conversation>> listAll(int page, int limit) {
        return collection().find(eq("state", State.ACTIVE.name()), newestFirst().skip((page - 1) * limit).limit(limit))
                .collect().asList();
    }

    static Uni<Long> countAll() {
        return collection().countDocuments(eq("state", State.ACTIVE.name()));
    }

    /**
     * Sharded by a hash of the owner: every read and write of a user's conversations goes to one shard, users spread
     * evenly. Both indexes serve a newest-first page: of one owner's conversations, and of everyone's for
     * administrators (a scatter-gather, which only they run).
     */
    static final CollectionPlan PLAN = new CollectionPlan("conversations", new Document("ownerEmail", "hashed"), List.of(
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("ownerEmail", "state"),
                    Indexes.descending("lastActivityAt", "_id")), new IndexOptions().name("owner_state_activity")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("state"), Indexes.descending("lastActivityAt", "_id")),
                    new IndexOptions().name("state_activity"))));

    boolean isActive() {
        return state == State.ACTIVE;
    }

    private static FindOptions newestFirst() {
        return withoutHistory().sort(Sorts.descending("lastActivityAt", "_id"));
    }

    /** Reads leave the model's history out: only a turn needs it, and it is most of the document. */
    private static FindOptions withoutHistory() {
        return new FindOptions().projection(Projections.exclude("recent"));
    }

    /** An update that answers with the conversation as it is shown, without the model's history. */
    private static FindOneAndUpdateOptions shown() {
        return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                .projection(Projections.exclude("recent"));
    }

    public static String titleOf(String firstMessage) {
        String text = firstMessage.strip();
        return text.codePointCount(0, text.length()) <= TITLE_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, TITLE_LENGTH));
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ReactiveMongoCollection<Conversation> collection() {
        return mongoCollection();
    }
}
