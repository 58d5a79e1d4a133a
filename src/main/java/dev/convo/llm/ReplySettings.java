package dev.convo.llm;

/**
 * What one model call is asked with: the model, the system prompt, and the sampling settings its conversation (or
 * turn) chose; {@code null} settings are left to the model's endpoint, as the request does not send them.
 *
 * @param maxTokens the reply tokens asked for, sent as {@code max_tokens}; when {@code null} none is sent, and the
 *        model's {@link ModelSpec#maxTokens()} is what the context window keeps free
 */
public record ReplySettings(ModelSpec model, String systemPrompt, Double temperature, Double topP, Integer maxTokens) {

    /** The tokens kept free for the reply: what the history sent is cut to leave. */
    int replyBudget() {
        return maxTokens != null ? maxTokens : model.maxTokens();
    }

    /** The tokens the history and the system prompt may take. */
    int historyBudget() {
        return model.contextTokens() - replyBudget();
    }
}
