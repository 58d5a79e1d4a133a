package dev.convo.portability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.Message;

/**
 * Reads one conversation of a ChatGPT data export's {@code conversations.json}: its {@code mapping} is a tree of
 * nodes, each with its parent, children and (or not) a message. Users' and the assistant's text messages are kept;
 * system, tool and hidden messages, and content that is not text, are left out, and a kept message hangs on its
 * nearest kept ancestor. The tree keeps its branches: an assistant message that continues another (a tool call
 * between) joins its text, and two messages of the same author one after the other become versions of each other.
 * Times are kept (seconds since the epoch, in the file).
 */
final class ChatGptConversations {

    private final Limits limits;

    /** The bounds an imported conversation stays within. */
    record Limits(int maxMessages, int maxMessageLength) {
    }

    ChatGptConversations(Limits limits) {
        this.limits = limits;
    }

    /** A kept message while the tree is rebuilt. */
    private static final class Node {
        final String id;
        String parent;
        final Message.Role role;
        String text;
        final Instant createdAt;
        final String model;
        final List<String> children = new ArrayList<>();

        Node(String id, String parent, Message.Role role, String text, Instant createdAt, String model) {
            this.id = id;
            this.parent = parent;
            this.role = role;
            this.text = text;
            this.createdAt = createdAt;
            this.model = model;
        }
    }

    Imported read(JsonNode conversation, String at, ImportProblems problems) {
        int before = problems.count();
        String sourceId = text(conversation, "conversation_id") != null ? text(conversation, "conversation_id")
                : text(conversation, "id");
        if (sourceId == null || sourceId.isBlank()) {
            problems.add(at + ".id", "a conversation needs its id (id or conversation_id)");
        }
        Nodes nodes = nodes(conversation.get("mapping"), at + ".mapping", problems);
        Instant created = seconds(conversation.get("create_time"), at + ".create_time", problems);
        Instant updated = seconds(conversation.get("update_time"), at + ".update_time", problems);
        if (nodes == null || problems.count() > before) {
            return null;
        }
        List<Node> ordered = tree(nodes.parents, nodes.kept, at, problems);
        if (ordered == null) {
            return null;
        }
        if (ordered.size() > limits.maxMessages()) {
            problems.add(at + ".mapping", "holds more than " + limits.maxMessages() + " messages");
            return null;
        }
        String current = keptAncestor(text(conversation, "current_node"), nodes.parents, nodes.kept);
        return imported(sourceId, text(conversation, "title"), created, updated, current, ordered);
    }

    /** Every node's parent, and the messages kept, by node id. */
    private record Nodes(Map<String, String> parents, Map<String, Node> kept) {
    }

    private Nodes nodes(JsonNode mapping, String at, ImportProblems problems) {
        if (mapping == null || !mapping.isObject()) {
            problems.add(at, "must be an object of message nodes");
            return null;
        }
        if (mapping.size() > 4 * limits.maxMessages()) {
            problems.add(at, "holds more than " + 4 * limits.maxMessages() + " nodes");
            return null;
        }
        Nodes nodes = new Nodes(new HashMap<>(), new HashMap<>());
        mapping.fields().forEachRemaining(field -> readNode(field.getKey(), field.getValue(), at + "." + field.getKey(),
                nodes.parents, nodes.kept, problems));
        for (String parent : nodes.parents.values()) {
            if (parent != null && !nodes.parents.containsKey(parent)) {
                problems.add(at, "a node names a parent that is not in the mapping: " + parent);
                return null;
            }
        }
        return nodes;
    }

    private static Imported imported(String sourceId, String title, Instant created, Instant updated, String current,
            List<Node> ordered) {
        List<Imported.Entry> entries = ordered.stream().map(node -> Imported.Entry.plain(node.id, node.parent,
                node.role, node.text, node.createdAt != null ? node.createdAt : created, node.model)).toList();
        Instant start = created != null ? created : entries.isEmpty() ? Instant.EPOCH : entries.get(0).createdAt();
        return new Imported(sourceId, title == null || title.isBlank() ? "Imported conversation" : Conversation.titleOf(title),
                Conversation.State.ACTIVE, start, updated != null ? updated : start, null, null, current, entries);
    }

    private void readNode(String key, JsonNode node, String at, Map<String, String> parents, Map<String, Node> kept,
            ImportProblems problems) {
        if (!node.isObject()) {
            problems.add(at, "must be a node object");
            return;
        }
        JsonNode parent = node.get("parent");
        if (parent != null && !parent.isNull() && !parent.isTextual()) {
            problems.add(at + ".parent", "must be a node id or null");
            return;
        }
        parents.put(key, parent == null || parent.isNull() ? null : parent.asText());
        JsonNode message = node.get("message");
        if (message == null || message.isNull()) {
            return;
        }
        if (!message.isObject()) {
            problems.add(at + ".message", "must be an object or null");
            return;
        }
        String role = message.path("author").path("role").asText(null);
        if (role == null) {
            problems.add(at + ".message.author.role", "is required");
            return;
        }
        Instant createdAt = seconds(message.get("create_time"), at + ".message.create_time", problems);
        String text = content(message.get("content"), at + ".message.content", problems);
        boolean hidden = message.path("metadata").path("is_visually_hidden_from_conversation").asBoolean(false);
        Message.Role kind = role.equals("user") ? Message.Role.USER : role.equals("assistant") ? Message.Role.ASSISTANT : null;
        if (kind == null || hidden || text == null || text.isBlank()) {
            return;
        }
        if (text.length() > limits.maxMessageLength()) {
            problems.add(at + ".message.content", "is longer than " + limits.maxMessageLength() + " characters");
            return;
        }
        kept.put(key, new Node(key, null, kind, text, createdAt, message.path("metadata").path("model_slug").asText(null)));
    }

    /** The text of a message's content, when it is text (parts that are not strings, e.g. images, are left out). */
    private static String content(JsonNode content, String at, ImportProblems problems) {
        if (content == null || content.isNull()) {
            return null;
        }
        String type = content.path("content_type").asText("");
        if (type.equals("code")) {
            return content.path("text").asText(null);
        }
        if (!type.equals("text") && !type.equals("multimodal_text")) {
            return null;
        }
        JsonNode parts = content.get("parts");
        if (parts == null || !parts.isArray()) {
            problems.add(at + ".parts", "must be an array");
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.isTextual()) {
                text.append(text.length() > 0 && !part.asText().isEmpty() ? "\n\n" : "").append(part.asText());
            }
        }
        return text.toString();
    }

    /**
     * The kept messages, parents first (each level oldest first), each hanging on its nearest kept ancestor, with the
     * joins and versions of messages of the same author in a row; null (and a problem) when the mapping has a cycle.
     */
    private static List<Node> tree(Map<String, String> parents, Map<String, Node> kept, String at,
            ImportProblems problems) {
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        parents.forEach((id, parent) -> {
            if (parent == null) {
                roots.add(id);
            } else {
                children.computeIfAbsent(parent, key -> new ArrayList<>()).add(id);
            }
        });
        List<Node> ordered = new ArrayList<>();
        java.util.ArrayDeque<String[]> queue = new java.util.ArrayDeque<>(); // {node, its kept ancestor}
        roots.stream().sorted().forEach(root -> queue.add(new String[] { root, null }));
        int visited = 0;
        while (!queue.isEmpty()) {
            String[] next = queue.poll();
            if (++visited > parents.size()) {
                break;
            }
            Node node = kept.get(next[0]);
            String ancestor = next[1];
            if (node != null) {
                ancestor = place(node, ancestor, kept, ordered);
            }
            String keptAbove = ancestor;
            children.getOrDefault(next[0], List.of()).stream()
                    .sorted(Comparator.comparing((String child) -> kept.containsKey(child) && kept.get(child).createdAt != null
                            ? kept.get(child).createdAt : Instant.EPOCH).thenComparing(child -> child))
                    .forEach(child -> queue.add(new String[] { child, keptAbove }));
        }
        if (visited != parents.size()) {
            problems.add(at + ".mapping", "the nodes do not form a tree (a cycle, or nodes no root leads to)");
            return null;
        }
        return ordered;
    }

    /** Puts a kept node under its kept ancestor; gives the node its children hang on. */
    private static String place(Node node, String ancestor, Map<String, Node> kept, List<Node> ordered) {
        Node above = ancestor == null ? null : kept.get(ancestor);
        if (above != null && above.role == node.role) {
            if (node.role == Message.Role.ASSISTANT && above.children.isEmpty()) {
                above.text = above.text + "\n\n" + node.text; // the same answer, continued after a tool
                kept.put(node.id, above);
                return above.id;
            }
            node.parent = above.parent; // another version of the message above
        } else {
            node.parent = ancestor;
        }
        if (node.parent != null) {
            kept.get(node.parent).children.add(node.id);
        }
        ordered.add(node);
        return node.id;
    }

    private static String keptAncestor(String id, Map<String, String> parents, Map<String, Node> kept) {
        String at = id;
        for (int steps = 0; at != null && steps <= parents.size(); steps++) {
            if (kept.containsKey(at)) {
                return kept.get(at).id;
            }
            at = parents.get(at);
        }
        return null;
    }

    private static Instant seconds(JsonNode value, String at, ImportProblems problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 32_503_680_000d) {
            problems.add(at, "must be seconds since 1970 or null");
            return null;
        }
        return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
