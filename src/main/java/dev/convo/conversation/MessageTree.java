package dev.convo.conversation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;

/**
 * How a conversation's messages hang together, without the database: the parents of a conversation stored as a
 * line, its leaf, and the newest leaf under a message.
 */
final class MessageTree {

    private MessageTree() {
    }

    /**
     * The parents of the messages of a conversation stored as a line (oldest first) that have none: a reply follows
     * the user message it answers; a user message the newest reply before it that was not replaced by a newer version
     * (a line was only ever regenerated at its end); the first message the conversation itself.
     */
    static Map<ObjectId, ObjectId> legacyParents(ObjectId conversationId, List<Message> oldestFirst) {
        Map<ObjectId, ObjectId> parents = new LinkedHashMap<>();
        ObjectId lastReply = null;
        for (Message message : oldestFirst) {
            ObjectId parent = message.parentId != null ? message.parentId
                    : message.role == Message.Role.ASSISTANT ? message.replyTo
                    : lastReply != null ? lastReply : conversationId;
            if (message.parentId == null && parent != null) {
                parents.put(message.id, parent);
            }
            if (message.role == Message.Role.ASSISTANT && !message.isSuperseded()) {
                lastReply = message.id;
            }
        }
        return parents;
    }

    /** The end of a conversation stored as a line: its newest message that was not replaced. */
    static ObjectId legacyLeaf(List<Message> oldestFirst) {
        ObjectId leaf = null;
        for (Message message : oldestFirst) {
            if (!message.isSuperseded()) {
                leaf = message.id;
            }
        }
        return leaf;
    }

    /**
     * The leaf a branch shows when it is switched to at {@code from}: following, from it, the newest message after
     * each (the version written last), as chat apps do. {@code links} are the messages numbered from {@code from} on.
     */
    static ObjectId newestLeaf(ObjectId from, List<Message> links) {
        Map<ObjectId, Message> newestChild = new HashMap<>();
        for (Message message : links) {
            if (message.parentId != null) {
                newestChild.merge(message.parentId, message,
                        (one, other) -> one.seq >= other.seq ? one : other);
            }
        }
        ObjectId leaf = from;
        for (Message child = newestChild.get(leaf); child != null; child = newestChild.get(leaf)) {
            leaf = child.id;
        }
        return leaf;
    }

    /** The versions of each message, by the parent they follow, oldest first. */
    static Map<ObjectId, List<Message>> versionsByParent(List<Message> children) {
        Map<ObjectId, List<Message>> byParent = new HashMap<>();
        children.stream().sorted(Comparator.comparingLong(message -> message.seq))
                .forEach(child -> byParent.computeIfAbsent(child.parentId, key -> new ArrayList<>()).add(child));
        return byParent;
    }
}
