package dev.convo.portability;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.conversation.Conversation;
import dev.convo.conversation.ConversationSettings;
import dev.convo.conversation.Feedback;
import dev.convo.conversation.Message;
import dev.convo.error.ProblemCode;

/**
 * Reads one conversation of this service's own export ({@link ExportFormat}) back: bound strictly, then checked (ids,
 * numbers, parents that come before their children, roles and states). Replies left unfinished in the export are
 * stored failed: nothing is writing them here. Share links and usage are not imported.
 */
final class OwnExportConversations {

    private final ObjectMapper json;
    private final ChatGptConversations.Limits limits;

    OwnExportConversations(ObjectMapper json, ChatGptConversations.Limits limits) {
        this.json = json;
        this.limits = limits;
    }

    Imported read(JsonNode node, String at, ImportProblems problems) {
        ExportFormat.ExportedConversation conversation;
        try {
            conversation = json.treeToValue(node, ExportFormat.ExportedConversation.class);
        } catch (JsonMappingException e) {
            problems.add(at + path(e), "is not what the export format has here");
            return null;
        } catch (JsonProcessingException e) {
            problems.add(at, "is not a conversation of the export format");
            return null;
        }
        int before = problems.count();
        if (conversation.id() == null || conversation.id().isBlank()) {
            problems.add(at + ".id", "is required");
        }
        List<ExportFormat.ExportedMessage> messages = conversation.messages() == null ? List.of() : conversation.messages();
        if (messages.size() > limits.maxMessages()) {
            problems.add(at + ".messages", "holds more than " + limits.maxMessages() + " messages");
            return null;
        }
        Set<String> seen = new HashSet<>();
        List<Imported.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Imported.Entry entry = entry(messages.get(i), conversation.id(), seen, at + ".messages[" + i + "]", problems);
            if (entry != null) {
                entries.add(entry);
            }
        }
        if (problems.count() > before) {
            return null;
        }
        Conversation.State state = "deleted".equals(conversation.state()) ? Conversation.State.DELETED
                : Conversation.State.ACTIVE;
        String leaf = conversation.activeLeafId() != null && seen.contains(conversation.activeLeafId())
                ? conversation.activeLeafId() : null;
        String title = conversation.title() == null || conversation.title().isBlank() ? "Imported conversation"
                : Conversation.titleOf(conversation.title());
        return new Imported(conversation.id(), title, state,
                conversation.createdAt() != null ? conversation.createdAt() : java.time.Instant.now(),
                conversation.lastActivityAt(), state == Conversation.State.DELETED ? conversation.deletedAt() : null,
                settings(conversation.settings()), leaf, entries);
    }

    private Imported.Entry entry(ExportFormat.ExportedMessage message, String conversationId, Set<String> seen,
            String at, ImportProblems problems) {
        if (message.id() == null || message.id().isBlank() || !seen.add(message.id())) {
            problems.add(at + ".id", "is required and unique in its conversation");
            return null;
        }
        String parent = message.parentId() == null || message.parentId().equals(conversationId) ? null : message.parentId();
        if (parent != null && !seen.contains(parent)) {
            problems.add(at + ".parentId", "names no message before this one");
            return null;
        }
        Message.Role role = switch (message.role() == null ? "" : message.role()) {
            case "user" -> Message.Role.USER;
            case "assistant" -> Message.Role.ASSISTANT;
            default -> null;
        };
        if (role == null) {
            problems.add(at + ".role", "must be user or assistant");
            return null;
        }
        if (message.text() == null || message.text().length() > limits.maxMessageLength()) {
            problems.add(at + ".text", "is required, at most " + limits.maxMessageLength() + " characters");
            return null;
        }
        Message.Status status = status(message.status());
        if (status == null || message.createdAt() == null) {
            problems.add(at + (status == null ? ".status" : ".createdAt"), "is required, as the export writes it");
            return null;
        }
        boolean unfinished = !status.isFinished();
        return new Imported.Entry(message.id(), parent, role, message.text(),
                unfinished ? Message.Status.FAILED : status, message.createdAt(),
                message.completedAt() != null ? message.completedAt() : message.createdAt(), message.supersededAt(),
                message.model(), unfinished ? ProblemCode.GENERATION_LOST.code() : message.errorCode(),
                settings(message.settings()), feedback(message.feedback()), message.promptTokens(),
                message.completionTokens(), message.finishReason(), message.latencyMs());
    }

    private static Message.Status status(String status) {
        try {
            return status == null ? null : Message.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ConversationSettings settings(ExportFormat.Settings settings) {
        boolean none = settings == null || settings.model() == null && settings.systemPrompt() == null
                && settings.temperature() == null && settings.topP() == null && settings.maxTokens() == null;
        return none ? null : new ConversationSettings(settings.model(), settings.systemPrompt(),
                settings.temperature(), settings.topP(), settings.maxTokens());
    }

    private static Feedback feedback(ExportFormat.ExportedFeedback feedback) {
        if (feedback == null || feedback.rating() == null || feedback.at() == null) {
            return null;
        }
        Feedback kept = new Feedback();
        kept.rating = "up".equals(feedback.rating()) ? Feedback.Rating.UP : Feedback.Rating.DOWN;
        kept.comment = feedback.comment();
        kept.at = feedback.at();
        return kept;
    }

    /** Where in the conversation binding failed, e.g. {@code .messages[3].seq}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }
}
