package dev.convo.conversation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a conversation chose for its replies (stored on it, {@code null} fields are the catalogue's and the service's
 * defaults), and what wrote a reply (stored on it: the model always, the rest as they were sent).
 */
@RegisterForReflection
public class ConversationSettings {

    /** The catalogue id of the model. */
    public String model;
    /** The conversation's own system prompt, instead of the service's. */
    public String systemPrompt;
    public Double temperature;
    public Double topP;
    /** The reply tokens asked for. */
    public Integer maxTokens;

    public ConversationSettings() {
    }

    public ConversationSettings(String model, String systemPrompt, Double temperature, Double topP, Integer maxTokens) {
        this.model = model;
        this.systemPrompt = systemPrompt;
        this.temperature = temperature;
        this.topP = topP;
        this.maxTokens = maxTokens;
    }

    /** Whether nothing is chosen: a conversation then stores none. */
    boolean isEmpty() {
        return model == null && systemPrompt == null && temperature == null && topP == null && maxTokens == null;
    }

    /** These settings with {@code other}'s non-null ones over them. */
    ConversationSettings with(ConversationSettings other) {
        return new ConversationSettings(other.model != null ? other.model : model,
                other.systemPrompt != null ? other.systemPrompt : systemPrompt,
                other.temperature != null ? other.temperature : temperature,
                other.topP != null ? other.topP : topP, other.maxTokens != null ? other.maxTokens : maxTokens);
    }

    /**
     * An idempotent request's fingerprint parts with these settings: {@code parts} alone when none is chosen (as
     * before there were settings, so that a retry across an upgrade still matches).
     */
    List<String> fingerprinted(List<String> parts) {
        if (isEmpty()) {
            return parts;
        }
        List<String> all = new ArrayList<>(parts);
        all.addAll(Arrays.asList(model, systemPrompt, String.valueOf(temperature), String.valueOf(topP),
                String.valueOf(maxTokens)));
        return all;
    }

    ConversationSettings copy() {
        return new ConversationSettings(model, systemPrompt, temperature, topP, maxTokens);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationSettings that && Objects.equals(model, that.model)
                && Objects.equals(systemPrompt, that.systemPrompt) && Objects.equals(temperature, that.temperature)
                && Objects.equals(topP, that.topP) && Objects.equals(maxTokens, that.maxTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, systemPrompt, temperature, topP, maxTokens);
    }
}
