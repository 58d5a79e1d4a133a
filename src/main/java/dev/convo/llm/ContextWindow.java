package dev.convo.llm;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Counts tokens with a real tokenizer (jtokkit) and cuts the history sent to the model to what fits its context
 * window, keeping room for the reply: the system prompt always stays, the newest message always stays, the oldest
 * turns go first.
 */
@ApplicationScoped
public class ContextWindow {

    /** What the chat format adds around each message (role and separators), as OpenAI documents it. */
    private static final int PER_MESSAGE = 4;
    /** What primes the reply. */
    private static final int PER_REQUEST = 3;

    private final LlmConfig config;
    private volatile Encoding encoding;

    ContextWindow(LlmConfig config) {
        this.config = config;
    }

    /** Loads the tokenizer's tables off the start-up path, so the first turn does not wait for them. */
    void warmUp(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            count("warm up");
            Log.debugf("Tokenizer %s loaded", config.context().encoding());
        });
    }

    public int count(String text) {
        return encoding().countTokensOrdinary(text == null ? "" : text);
    }

    /** Refuses a message that could not be sent even alone with the system prompt: 413 {@code context_too_long}. */
    public void checkFits(String text) {
        int needed = PER_REQUEST + cost(ChatMessage.system(config.systemPrompt())) + PER_MESSAGE + count(text);
        if (needed > budget()) {
            throw new ProblemException(ProblemCode.CONTEXT_TOO_LONG,
                    "The message is " + needed + " tokens with the system prompt; the model takes at most " + budget()
                            + ".");
        }
    }

    /** The system prompt and as much of {@code history} (oldest first) as fits, newest messages kept first. */
    List<ChatMessage> fit(ChatMessage system, List<ChatMessage> history) {
        int used = PER_REQUEST + cost(system);
        int first = history.size();
        while (first > 0 && used + cost(history.get(first - 1)) <= budget()) {
            used += cost(history.get(--first));
        }
        if (first == history.size() && !history.isEmpty()) {
            checkFits(history.get(history.size() - 1).content());
        }
        List<ChatMessage> messages = new ArrayList<>(history.size() - first + 1);
        messages.add(system);
        messages.addAll(history.subList(first, history.size()));
        if (first > 0) {
            Log.debugf("Left the %d oldest of %d messages out of the context window", first, history.size());
        }
        return messages;
    }

    /** Tokens of a whole request, for replies whose upstream reported no usage. */
    int count(List<ChatMessage> messages) {
        return PER_REQUEST + messages.stream().mapToInt(this::cost).sum();
    }

    private int cost(ChatMessage message) {
        return PER_MESSAGE + count(message.content());
    }

    private int budget() {
        return config.context().maxTokens() - config.context().replyTokens();
    }

    private Encoding encoding() {
        Encoding loaded = encoding;
        if (loaded != null) {
            return loaded;
        }
        // once: a turn arriving during the warm-up waits for it instead of loading a second copy of the tables
        synchronized (this) {
            if (encoding == null) {
                String name = config.context().encoding();
                encoding = Encodings.newLazyEncodingRegistry().getEncoding(name)
                        .orElseThrow(() -> new IllegalStateException("Unknown tokenizer encoding " + name));
            }
            return encoding;
        }
    }
}
