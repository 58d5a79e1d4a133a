package dev.convo.llm;

import java.time.Duration;

/**
 * A finished reply of the model, with what the upstream said about it.
 */
public record ModelReply(String text, String model, TokenUsage usage, String finishReason, Duration latency) {
}
