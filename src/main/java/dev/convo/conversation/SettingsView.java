package dev.convo.conversation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The settings of a conversation, or those that wrote a reply, as the API shows them: the model always, the others
 * only when they were chosen (else the model's and the service's defaults apply, which are not shown).
 */
@RegisterForReflection // also written into stream events and idempotency records, outside resource signatures
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ConversationSettings", requiredProperties = { "model" })
public record SettingsView(@Schema(description = "The id of the model (GET /models)") String model,
        @Schema(description = "The conversation's own system prompt") String systemPrompt,
        Double temperature, Double topP, Integer maxTokens) {

    static SettingsView of(ConversationSettings settings, String model) {
        return settings == null ? new SettingsView(model, null, null, null, null)
                : new SettingsView(model, settings.systemPrompt, settings.temperature, settings.topP, settings.maxTokens);
    }
}
