package dev.convo.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One {@code data:} chunk of a streamed chat completion; {@code error} is set when the upstream failed midway.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionChunk(String model, List<Choice> choices, TokenUsage usage, Object error) {

    /** The piece of the reply this chunk carries. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(Delta delta, @JsonProperty("finish_reason") String finishReason) {
    }

    /** New text of the reply; null in chunks that only carry a role or a finish reason. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delta(String content) {
    }
}
