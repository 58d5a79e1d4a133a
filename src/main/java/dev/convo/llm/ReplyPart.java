package dev.convo.llm;

/**
 * What a streamed reply is made of: pieces of text, then at most one end carrying what the upstream said about it.
 */
public sealed interface ReplyPart {

    /** New text of the reply. */
    record Text(String text) implements ReplyPart {
    }

    /** The model's own account of the finished reply; usage is null when the upstream did not report it. */
    record End(String model, TokenUsage usage, String finishReason) implements ReplyPart {
    }
}
