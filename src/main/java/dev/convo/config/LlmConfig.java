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

    /**
     * Whether the text sent to and received from the model goes into its trace spans (gen_ai.input.messages,
     * gen_ai.output.messages); never into metrics or logs. Off: users' words stay out of the tracing backend.
     */
    @WithDefault("false")
    boolean traceContent();

    /** How many of the conversation's latest messages are sent with each request. */
    @WithDefault("20")
    int historyMessages();

    /** How long one model call may take before the turn fails with llm_timeout. */
    @WithDefault("60s")
    Duration timeout();

    /** How long a streamed reply may take in all, however steadily its chunks come. */
    @WithDefault("10m")
    Duration streamTimeout();

    /** How much of the conversation fits in one request. */
    Context context();

    /** Settings of the context window (LLM_CONTEXT_...). */
    interface Context {

        /** The model's context window, in tokens. */
        @WithDefault("32768")
        int maxTokens();

        /** Tokens kept free for the reply; the history sent is cut to fit the rest. */
        @WithDefault("2048")
        int replyTokens();

        /** The tokenizer used to count: o200k_base (GPT-4o and gpt-oss) or cl100k_base. */
        @WithDefault("o200k_base")
        String encoding();
    }

    /** Retries of a failed call (connect errors, dropped connections, 429, 5xx), before any text was streamed. */
    Retry retry();

    /** The circuit breaker that answers 503 at once while the upstream keeps failing. */
    CircuitBreaker circuitBreaker();

    /** Settings of retries (LLM_RETRY_...). */
    interface Retry {

        /** Attempts after the first. */
        @WithDefault("2")
        int maxRetries();

        /** Wait before the first retry, doubled (with jitter) after each; a Retry-After from upstream wins. */
        @WithDefault("500")
        long delayMillis();
    }

    /**
     * Settings of the circuit breaker (LLM_CIRCUIT_BREAKER_...). It counts model calls (not attempts) over a rolling
     * window, and only the upstream's outages (connect errors, timeouts, 5xx, unreadable answers, cut streams).
     */
    interface CircuitBreaker {

        /** The fewest calls in the window before their failure ratio can open the breaker. */
        @WithDefault("10")
        int requestVolume();

        /** The share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** The fewest different users whose calls failed in the window: one user's bad luck opens nothing. */
        @WithDefault("3")
        int minUsers();

        /** How far back the window reaches. */
        @WithDefault("60s")
        Duration window();

        /** How long the breaker stays open before letting one trial call through. */
        @WithDefault("30000")
        long delayMillis();
    }
}
