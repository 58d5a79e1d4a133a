package dev.convo.conversation;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.config.ChatConfig;
import dev.convo.error.ProblemException;
import dev.convo.llm.ChatModel;
import dev.convo.llm.ModelCatalogue;
import dev.convo.llm.ModelSpec;
import dev.convo.llm.ReplySettings;
import io.quarkus.logging.Log;

/**
 * What a conversation may choose for its replies, checked against the catalogue and its model's limits (400
 * {@code validation_failed} naming the field, 400 {@code unknown_model}), and what a turn is then asked with.
 */
@ApplicationScoped
public class SettingsRules {

    private final ModelCatalogue catalogue;
    private final ChatModel model;
    private final ChatConfig config;

    SettingsRules(ModelCatalogue catalogue, ChatModel model, ChatConfig config) {
        this.catalogue = catalogue;
        this.model = model;
        this.config = config;
    }

    /**
     * Checks settings a client sent, over those a conversation has ({@code current}, or none): the model must be
     * pickable, the system prompt not blank and within CHAT_MAX_SYSTEM_PROMPT_LENGTH, and max_tokens within the
     * model's (the model's limits are those of the settings as they will be). Ranges of temperature and top_p are
     * the request's own constraints.
     */
    public ConversationSettings checked(ConversationSettings current, ConversationSettings requested) {
        if (requested.model != null) {
            catalogue.pick(requested.model, "model");
        }
        if (requested.systemPrompt != null) {
            if (requested.systemPrompt.isBlank()) {
                throw ProblemException.invalidField("system_prompt", "must not be blank");
            }
            if (requested.systemPrompt.length() > config.maxSystemPromptLength()) {
                throw ProblemException.invalidField("system_prompt",
                        "must be at most " + config.maxSystemPromptLength() + " characters");
            }
        }
        ConversationSettings merged = (current == null ? new ConversationSettings() : current).with(requested);
        ModelSpec spec = catalogue.ofConversation(merged.model);
        if (merged.maxTokens != null && merged.maxTokens > spec.maxTokens()) {
            throw ProblemException.invalidField("max_tokens",
                    "must be at most " + spec.maxTokens() + " for model " + spec.id());
        }
        return merged;
    }

    /** The model a turn names for itself only ({@code model} of its request), checked; {@code null} when none. */
    public String turnModel(String requested) {
        return requested == null ? null : catalogue.pick(requested, "model").id();
    }

    /**
     * What a turn of a conversation with {@code chosen} settings is written with, as recorded on its reply: the
     * turn's own model or the conversation's (the default when it names none, or when the operator has taken it out
     * of the catalogue since), and max_tokens within that model's limit.
     */
    public ConversationSettings forTurn(ConversationSettings chosen, String turnModel) {
        ConversationSettings used = chosen == null ? new ConversationSettings() : chosen.copy();
        String wanted = turnModel != null ? turnModel : used.model;
        ModelSpec spec = catalogue.find(wanted).orElseGet(() -> {
            Log.debugf("Model %s is no longer in the catalogue; the default model writes the reply", wanted);
            return catalogue.defaultModel();
        });
        used.model = spec.id();
        if (used.maxTokens != null && used.maxTokens > spec.maxTokens()) {
            used.maxTokens = spec.maxTokens();
        }
        return used;
    }

    /** The model call of a turn recorded with {@code used} (as {@link #forTurn} made it). */
    public ReplySettings call(ConversationSettings used) {
        ModelSpec spec = catalogue.find(used.model).orElse(catalogue.defaultModel());
        return model.settings(spec, used.systemPrompt, used.temperature, used.topP, used.maxTokens);
    }
}
