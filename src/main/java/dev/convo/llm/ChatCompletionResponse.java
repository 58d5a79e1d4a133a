package dev.convo.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer of a non-streamed chat-completions call; only the members the service uses are read.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionResponse(String model, List<Choice> choices, TokenUsage usage) {

    /** One generated alternative; the service asks for one. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(ChatMessage message, @JsonProperty("finish_reason") String finishReason) {
    }
}
