package dev.convo.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.bson.types.ObjectId;

import io.smallrye.mutiny.Uni;

/**
 * The branches of a conversation: the path from its first message to any message (what the model sees, what a read
 * shows), the leaf a switch shows, and the one-time change of a conversation stored as a line into a tree.
 */
public final class Branches {

    /** How many messages a walk up the tree reads at a time. */
    private static final int BATCH = 200;

    private Branches() {
    }

    /** A piece of a path, oldest first, and the message it continues from upwards ({@code null}: it starts the path). */
    public record Path(List<Message> messages, ObjectId continuesFrom) {
    }

    /**
     * Up to {@code max} messages of the path that ends with {@code end} (included) and that {@code keep} lets through,
     * oldest first, walking up the tree from {@code end}.
     */
    public static Uni<Path> upTo(Message end, int max, Predicate<Message> keep) {
        return new Walk(end, max, keep).run();
    }

    /**
     * As {@link #upTo(Message, int, Predicate)}, from messages read already: {@code newestFirst}, the newest of the
     * conversation below {@code end}'s number and up to it, all of them when {@code all}.
     */
    static Uni<Path> upTo(Message end, int max, List<Message> newestFirst, boolean all) {
        Walk walk = new Walk(end, max, message -> true);
        walk.know(newestFirst, all);
        return walk.run();
    }

    /**
     * Up to {@code max} of the finished messages (user messages, replies complete or stopped) of the branch shown, oldest
     * first, as a reader sees them: a conversation stored as a line becomes a tree first.
     */
    public static Uni<List<Message>> shown(Conversation conversation, int max) {
        return asTree(conversation).flatMap(tree -> tree.activeLeafId == null ? Uni.createFrom().item(List.<Message> of())
                : Message.byId(tree.id, tree.activeLeafId).flatMap(leaf -> leaf == null
                        ? Uni.createFrom().item(List.<Message> of())
                        : upTo(leaf, max, Branches::seenByModel).map(Path::messages)));
    }

    /** The history the model sees when it answers after {@code end}: what the user saw on that branch. */
    public static Uni<List<ContextEntry>> history(Message end, int max) {
        return upTo(end, max, Branches::seenByModel)
                .map(path -> path.messages().stream().map(message -> ContextEntry.of(message, null)).toList());
    }

    /** Whether the model is sent a message of a branch: user messages, and replies the user saw end. */
    static boolean seenByModel(Message message) {
        return message.status == Message.Status.COMPLETE || message.status == Message.Status.STOPPED;
    }

    /** The leaf a switch to {@code from} shows: the newest version after it, at every step. */
    public static Uni<ObjectId> newestLeafFrom(Message from) {
        return Message.linksFrom(from.conversationId, from.seq).map(links -> MessageTree.newestLeaf(from.id, links));
    }

    /**
     * The conversation as a tree: itself if it is one; else (stored as a line) its messages are given their parents
     * once, and it becomes one, ending where the line ended.
     */
    public static Uni<Conversation> asTree(Conversation conversation) {
        if (conversation.tree) {
            return Uni.createFrom().item(conversation);
        }
        return Message.linksOf(conversation.id).flatMap(links -> Message.setParents(conversation.id,
                MessageTree.legacyParents(conversation.id, links))
                .chain(() -> Conversation.becomeTree(conversation.id, conversation.ownerEmail,
                        MessageTree.legacyLeaf(links))))
                .map(changed -> changed != null ? changed : conversation);
    }

    /** A walk up the tree, reading the messages below the last one read a batch at a time. */
    private static final class Walk {
        private final ObjectId conversationId;
        private final int max;
        private final Predicate<Message> keep;
        private final Map<ObjectId, Message> read = new HashMap<>();
        private final List<Message> kept = new ArrayList<>();
        private long readDownTo;
        private boolean readAll;
        private Message current;

        Walk(Message end, int max, Predicate<Message> keep) {
            this.conversationId = end.conversationId;
            this.max = max;
            this.keep = keep;
            this.current = end;
            this.readDownTo = end.seq;
            visit(end);
        }

        Uni<Path> run() {
            while (kept.size() < max && !isFirst(current)) {
                Message parent = read.get(current.parentId);
                if (parent == null) {
                    if (readAll) {
                        break; // a parent that is gone (never, unless deleted by hand): the path starts here
                    }
                    return readMore().chain(this::run);
                }
                current = parent;
                visit(parent);
            }
            List<Message> oldestFirst = new ArrayList<>(kept);
            Collections.reverse(oldestFirst);
            ObjectId continuesFrom = isFirst(current) || kept.size() < max ? null : current.parentId;
            return Uni.createFrom().item(new Path(oldestFirst, continuesFrom));
        }

        void know(List<Message> newestFirst, boolean all) {
            newestFirst.forEach(message -> read.put(message.id, message));
            if (!newestFirst.isEmpty()) {
                readDownTo = Math.min(readDownTo, newestFirst.get(newestFirst.size() - 1).seq);
            }
            readAll = all;
        }

        private void visit(Message message) {
            if (keep.test(message)) {
                kept.add(message);
            }
        }

        private boolean isFirst(Message message) {
            return message.parentId == null || message.parentId.equals(conversationId);
        }

        private Uni<Void> readMore() {
            return Message.newestBelow(conversationId, readDownTo, BATCH).invoke(batch -> {
                batch.forEach(message -> read.put(message.id, message));
                readAll = batch.size() < BATCH;
                if (!batch.isEmpty()) {
                    readDownTo = batch.get(batch.size() - 1).seq;
                }
            }).replaceWithVoid();
        }
    }
}
