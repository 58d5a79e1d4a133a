package dev.convo.portability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;

import dev.convo.conversation.ContextEntry;
import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;
import dev.convo.user.User;

/**
 * Turns an imported conversation into what is stored: messages numbered in the order they came (parents first),
 * linked by their new ids, each reply a version among its siblings; the conversation as a tree showing the branch
 * the source showed, with that branch's newest finished messages as the model's history of its next turn.
 */
final class ImportedMessages {

    private ImportedMessages() {
    }

    static List<Message> of(ObjectId conversationId, Imported imported, Map<String, ObjectId> ids) {
        List<Message> messages = new ArrayList<>(imported.messages().size());
        Map<ObjectId, Message> byId = new HashMap<>();
        Map<ObjectId, Integer> versions = new HashMap<>();
        long seq = 0;
        for (Imported.Entry entry : imported.messages()) {
            Message message = new Message();
            message.id = ids.get(entry.sourceId());
            message.conversationId = conversationId;
            message.seq = ++seq;
            message.role = entry.role();
            message.text = entry.text();
            message.status = entry.status();
            message.createdAt = entry.createdAt();
            message.completedAt = entry.completedAt();
            message.supersededAt = entry.supersededAt();
            message.model = entry.model();
            message.errorCode = entry.errorCode();
            message.settings = entry.settings();
            message.feedback = entry.role() == Message.Role.ASSISTANT ? entry.feedback() : null;
            message.promptTokens = entry.promptTokens();
            message.completionTokens = entry.completionTokens();
            message.finishReason = entry.finishReason();
            message.latencyMs = entry.latencyMs();
            message.parentId = entry.parentSourceId() == null ? conversationId : ids.get(entry.parentSourceId());
            Message parent = byId.get(message.parentId);
            if (message.role == Message.Role.ASSISTANT) {
                message.replyTo = parent != null && parent.role == Message.Role.USER ? parent.id : null;
                message.version = versions.merge(message.parentId, 1, Integer::sum);
            }
            byId.put(message.id, message);
            messages.add(message);
        }
        return messages;
    }

    /** The conversation, hidden until its messages are stored. */
    static Conversation conversation(ObjectId id, User owner, Imported imported, List<Message> messages, int history) {
        Map<ObjectId, Message> byId = new HashMap<>();
        messages.forEach(message -> byId.put(message.id, message));
        Message leaf = imported.activeLeafSourceId() == null ? null : messages.stream()
                .filter(message -> message.id.equals(derivedLeaf(imported, messages))).findFirst().orElse(null);
        if (leaf == null) {
            leaf = messages.get(messages.size() - 1);
        }
        Conversation conversation = new Conversation();
        conversation.id = id;
        conversation.ownerId = owner.id;
        conversation.ownerEmail = owner.email;
        conversation.title = imported.title();
        conversation.titled = true;
        conversation.state = Conversation.State.IMPORTING;
        conversation.messageCount = messages.size();
        conversation.lastSeq = messages.size();
        conversation.createdAt = imported.createdAt();
        Instant last = messages.stream().map(message -> message.createdAt).max(Instant::compareTo).orElse(imported.createdAt());
        conversation.lastActivityAt = imported.lastActivityAt() != null ? imported.lastActivityAt() : last;
        conversation.deletedAt = imported.deletedAt();
        conversation.settings = imported.settings();
        conversation.tree = true;
        conversation.activeLeafId = leaf.id;
        conversation.recent = history(leaf, byId, history);
        return conversation;
    }

    private static ObjectId derivedLeaf(Imported imported, List<Message> messages) {
        int index = 0;
        for (Imported.Entry entry : imported.messages()) {
            if (entry.sourceId().equals(imported.activeLeafSourceId())) {
                return messages.get(index).id;
            }
            index++;
        }
        return null;
    }

    /** The newest finished messages of the branch ending at {@code leaf}, oldest first. */
    private static List<ContextEntry> history(Message leaf, Map<ObjectId, Message> byId, int keep) {
        List<ContextEntry> newestFirst = new ArrayList<>();
        for (Message at = leaf; at != null && newestFirst.size() < keep; at = byId.get(at.parentId)) {
            if (at.status == Message.Status.COMPLETE || at.status == Message.Status.STOPPED) {
                newestFirst.add(ContextEntry.of(at, null));
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
