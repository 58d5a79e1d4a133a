package dev.convo.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the service reaches the OpenAI-compatible chat-completions endpoint that writes the replies.
 * Each key also reads from its environment variable (LLM_PROVIDER_URL, LLM_MODEL, LLM_API_KEY, ...).
 */
@ConfigMapping(prefix = "llm")
public interface LlmConfig {

    String HUGGINGFACE_ROUTER = "https://router.huggingface.co/v1/chat/completions";

    /** Full URL of the chat-completions endpoint. */
    @WithDefault(HUGGINGFACE_ROUTER)
    String providerUrl();

    /** Model name sent with every request. */
    @WithDefault("openai/gpt-oss-20b:groq")
    String model();

    /** Bearer token for the endpoint; required by the HuggingFace router, optional for a local server. */
    Optional<String> apiKey();

    /** System prompt sent first in every request. */
    @WithDefault("You are a helpful assistant.")
    String systemPrompt();

    /** How many of the conversation's latest messages are sent with each request. */
    @WithDefault("20")
    int historyMessages();

    /** How long one model call may take before the turn fails with llm_timeout. */
    @WithDefault("60s")
    Duration timeout();

    /** Whether a request can be sent at all: a URL, and a key unless the URL is a self-hosted endpoint. */
    default boolean configured() {
        boolean hasKey = apiKey().filter(key -> !key.isBlank()).isPresent();
        return !providerUrl().isBlank() && (hasKey || !providerUrl().equals(HUGGINGFACE_ROUTER));
    }
}
