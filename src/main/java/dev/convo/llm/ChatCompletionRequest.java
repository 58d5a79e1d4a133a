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
        @JsonProperty("stream_options") StreamOptions streamOptions, Double temperature,
        @JsonProperty("top_p") Double topP, @JsonProperty("max_tokens") Integer maxTokens) {

    static ChatCompletionRequest complete(ReplySettings settings, List<ChatMessage> messages) {
        return new ChatCompletionRequest(settings.model().id(), messages, false, null, settings.temperature(),
                settings.topP(), settings.maxTokens());
    }

    /** A streamed request that asks for the token usage in the last chunk. */
    static ChatCompletionRequest streamed(ReplySettings settings, List<ChatMessage> messages) {
        return new ChatCompletionRequest(settings.model().id(), messages, true, new StreamOptions(true),
                settings.temperature(), settings.topP(), settings.maxTokens());
    }

    /** Options of a streamed request. */
    @RegisterForReflection
    public record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }
}
