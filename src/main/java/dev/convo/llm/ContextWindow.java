package dev.convo.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Counts tokens with a real tokenizer (jtokkit) and cuts the history sent to the model to what fits its context
 * window, keeping room for the reply: the system prompt always stays, the newest message always stays, the oldest
 * turns go first.
 * <p>
 * The tokenizer is asked only when the answer could change something. Its encodings are byte-level BPE, where every
 * token stands for at least one byte of UTF-8, so a text never has more tokens than bytes: a request whose bytes
 * already fit the budget fits, and is sent whole without counting. Only a conversation that long needs the exact
 * count, and the tables (a second of CPU and about 30 MiB for o200k_base) are loaded in the background when the
 * first turn arrives, not at start-up, so that an instance started from zero answers sooner and holds less while
 * idle, and its first turns never wait for them.
 */
@ApplicationScoped
public class ContextWindow {

    /** What the chat format adds around each message (role and separators), as OpenAI documents it. */
    private static final int PER_MESSAGE = 4;
    /** What primes the reply. */
    private static final int PER_REQUEST = 3;

    private final String storedEncoding;
    private final Map<String, Tokenizer> tokenizers = new ConcurrentHashMap<>();

    ContextWindow(LlmConfig config) {
        this.storedEncoding = config.context().encoding();
    }

    /** Exact, in the encoding token counts are stored in (LLM_CONTEXT_ENCODING's); loads its tables if needed. */
    public int count(String text) {
        return tokenizer(storedEncoding).count(text);
    }

    /**
     * Refuses a message that could not be sent even alone with the system prompt, leaving room for the reply: 413
     * {@code context_too_long}.
     */
    public void checkFits(ReplySettings settings, String text) {
        Tokenizer tokenizer = tokenizer(settings.model().encoding());
        tokenizer.prefetch();
        String system = settings.systemPrompt();
        int budget = settings.historyBudget();
        if (PER_REQUEST + PER_MESSAGE + utf8Length(system) + PER_MESSAGE + utf8Length(text) <= budget) {
            return;
        }
        int needed = PER_REQUEST + PER_MESSAGE + tokenizer.count(system) + PER_MESSAGE + tokenizer.count(text);
        if (needed > budget) {
            throw new ProblemException(ProblemCode.CONTEXT_TOO_LONG,
                    "The message is " + needed + " tokens with the system prompt; the model takes at most " + budget
                            + " besides its reply.");
        }
    }

    /**
     * The system prompt and as much of {@code history} (oldest first) as fits, newest messages kept first. A message's
     * stored count is used as it is when the model counts in the encoding it was stored in; other messages are counted.
     */
    List<ChatMessage> fit(ReplySettings settings, List<HistoryMessage> history) {
        ChatMessage system = ChatMessage.system(settings.systemPrompt());
        Tokenizer tokenizer = tokenizer(settings.model().encoding());
        boolean storedCountsHold = storedEncoding.equals(settings.model().encoding());
        int budget = settings.historyBudget();
        List<ChatMessage> messages = new ArrayList<>(history.size() + 1);
        messages.add(system);
        if (upperBound(system, history, storedCountsHold) <= budget) {
            history.forEach(message -> messages.add(message.message()));
            return messages;
        }
        int used = PER_REQUEST + tokenizer.cost(system);
        int first = history.size();
        while (first > 0 && used + tokenizer.cost(history.get(first - 1), storedCountsHold) <= budget) {
            used += tokenizer.cost(history.get(--first), storedCountsHold);
        }
        if (first == history.size() && !history.isEmpty()) {
            checkFits(settings, history.get(history.size() - 1).message().content());
        }
        history.subList(first, history.size()).forEach(message -> messages.add(message.message()));
        if (first > 0) {
            Log.debugf("Left the %d oldest of %d messages out of the context window", first, history.size());
        }
        return messages;
    }

    /** At most this many tokens: a message's stored count, else one per byte of UTF-8; and the format's own. */
    private static int upperBound(ChatMessage system, List<HistoryMessage> history, boolean storedCountsHold) {
        long bound = PER_REQUEST + PER_MESSAGE + utf8Length(system.content());
        for (HistoryMessage message : history) {
            Integer tokens = storedCountsHold ? message.tokens() : null;
            bound += PER_MESSAGE + (tokens != null ? tokens : utf8Length(message.message().content()));
        }
        return (int) Math.min(bound, Integer.MAX_VALUE);
    }

    /**
     * The tokens of a message about to be stored, so that it is never counted again: exact when the tokenizer's
     * tables are loaded, else {@code null} (counted later, only if a turn needs it).
     */
    public Integer countIfLoaded(String text) {
        Tokenizer tokenizer = tokenizers.get(storedEncoding);
        return tokenizer == null || !tokenizer.loaded() ? null : tokenizer.count(text);
    }

    /**
     * The tokens of a reply to store: at most what the upstream reported as its completion (which may include
     * reasoning tokens the text does not hold) and at most one per byte, so a bound that never undercounts.
     */
    public static Integer replyTokens(String text, Integer completionTokens) {
        return completionTokens == null ? null : (int) Math.min(completionTokens, utf8Length(text));
    }

    /** The length of {@code text} in UTF-8, without encoding it. */
    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether the tables of the encoding counts are stored in are loaded (tests). */
    boolean tablesLoaded() {
        Tokenizer tokenizer = tokenizers.get(storedEncoding);
        return tokenizer != null && tokenizer.loaded();
    }

    /** Tokens of a whole request in the model's encoding, for replies whose upstream reported no usage. */
    int count(ModelSpec model, List<ChatMessage> messages) {
        Tokenizer tokenizer = tokenizer(model.encoding());
        return PER_REQUEST + messages.stream().mapToInt(tokenizer::cost).sum();
    }

    /** Tokens of a text in the model's encoding. */
    int count(ModelSpec model, String text) {
        return tokenizer(model.encoding()).count(text);
    }

    private Tokenizer tokenizer(String encoding) {
        return tokenizers.computeIfAbsent(encoding, Tokenizer::new);
    }

    /** One encoding's tables, loaded at their first use (or in the background, ahead of it). */
    private static final class Tokenizer {
        private final String name;
        private final AtomicBoolean loading = new AtomicBoolean();
        private volatile Encoding encoding;

        Tokenizer(String name) {
            this.name = name;
        }

        boolean loaded() {
            return encoding != null;
        }

        int count(String text) {
            return encoding().countTokensOrdinary(text == null ? "" : text);
        }

        int cost(ChatMessage message) {
            return PER_MESSAGE + count(message.content());
        }

        int cost(HistoryMessage message, boolean storedCountsHold) {
            return storedCountsHold && message.tokens() != null ? PER_MESSAGE + message.tokens() : cost(message.message());
        }

        /** Loads the tables in the background, once, so that a conversation that grows long finds them ready. */
        void prefetch() {
            if (encoding == null && loading.compareAndSet(false, true)) {
                Infrastructure.getDefaultWorkerPool().execute(() -> {
                    encoding();
                    Log.debugf("Tokenizer %s loaded", name);
                });
            }
        }

        private Encoding encoding() {
            Encoding loaded = encoding;
            if (loaded != null) {
                return loaded;
            }
            // once: a turn arriving during the warm-up waits for it instead of loading a second copy of the tables
            synchronized (this) {
                if (encoding == null) {
                    encoding = Encodings.newLazyEncodingRegistry().getEncoding(name)
                            .orElseThrow(() -> new IllegalStateException("Unknown tokenizer encoding " + name));
                }
                return encoding;
            }
        }
    }
}
