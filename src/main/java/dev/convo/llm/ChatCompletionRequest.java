package dev.convo.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of an OpenAI-compatible chat-completions request.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(String model, List<ChatMessage> messages, boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions) {

    static ChatCompletionRequest complete(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, false, null);
    }

    /** A streamed request that asks for the token usage in the last chunk. */
    static ChatCompletionRequest streamed(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, true, new StreamOptions(true));
    }

    /** Options of a streamed request. */
    @RegisterForReflection
    public record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }
}
