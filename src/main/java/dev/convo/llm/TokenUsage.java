package dev.convo.llm;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Token counts of one model call, as the upstream reports them.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenUsage(
        @JsonAlias("prompt_tokens") Integer promptTokens,
        @JsonAlias("completion_tokens") Integer completionTokens,
        @JsonAlias("total_tokens") Integer totalTokens) {
}
