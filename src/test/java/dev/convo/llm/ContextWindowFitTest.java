package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.stream.IntStream;

/**
 * Cutting the history to the model's context window, with the real tokenizer and without Quarkus.
 */
class ContextWindowFitTest {

    private static final ChatMessage SYSTEM = ChatMessage.system("Be brief.");
    private static final String NUMBERS = "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20";

    /** A model's context window of {@code maxTokens}, of which {@code replyTokens} stay free for the reply. */
    private record Window(ContextWindow context, ReplySettings settings) {

        List<ChatMessage> fit(List<HistoryMessage> history) {
            return context.fit(settings, history);
        }

        int count(List<ChatMessage> messages) {
            return context.count(settings.model(), messages);
        }

        int count(String text) {
            return context.count(text);
        }

        boolean tablesLoaded() {
            return context.tablesLoaded();
        }
    }

    private static Window window(int maxTokens, int replyTokens) {
        return window(maxTokens, replyTokens, "cl100k_base");
    }

    /** Token counts are stored in cl100k_base; the model counts in {@code encoding}. */
    private static Window window(int maxTokens, int replyTokens, String encoding) {
        LlmConfig config = new SmallRyeConfigBuilder().withMapping(LlmConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "60s", as Quarkus reads it
                .withDefaultValues(Map.of("llm.context.encoding", "cl100k_base"))
                .build().getConfigMapping(LlmConfig.class);
        ModelSpec model = new ModelSpec("m", "M", "http://127.0.0.1:1/v1/chat/completions", Optional.empty(), maxTokens,
                encoding, replyTokens, true);
        return new Window(new ContextWindow(config), new ReplySettings(model, SYSTEM.content(), null, null, null));
    }

    private static List<ChatMessage> history(int turns) {
        return IntStream.rangeClosed(1, turns)
                .mapToObj(i -> new ChatMessage(i % 2 == 1 ? "user" : "assistant", "message number " + i))
                .toList();
    }

    @Test
    void aHistoryThatFitsIsSentWholeAfterTheSystemPrompt() {
        List<ChatMessage> sent = window(1000, 100).fit(HistoryMessage.uncounted(history(5)));
        assertEquals(6, sent.size());
        assertEquals(SYSTEM, sent.get(0));
        assertEquals("message number 1", sent.get(1).content());
    }

    @Test
    void theOldestMessagesGoFirstAndTheNewestStays() {
        Window window = window(1000, 100);
        int perMessage = window.count(List.of(new ChatMessage("user", "message number 10"))) - 3;
        int systemCost = window.count(List.of(SYSTEM));
        // room for the system prompt and exactly three messages
        Window tight = window(systemCost + 3 * perMessage + 100, 100);
        List<ChatMessage> sent = tight.fit(HistoryMessage.uncounted(history(10)));
        assertEquals(4, sent.size());
        assertEquals(SYSTEM, sent.get(0));
        assertEquals(List.of("message number 8", "message number 9", "message number 10"),
                sent.subList(1, 4).stream().map(ChatMessage::content).toList());
    }

    @Test
    void aLastMessageThatCannotFitEvenAloneIsRefused() {
        Window tiny = window(40, 10);
        List<ChatMessage> history = List.of(new ChatMessage("user", "word ".repeat(200)));
        ProblemException refused = assertThrows(ProblemException.class,
                () -> tiny.fit(HistoryMessage.uncounted(history)));
        assertEquals("context_too_long", refused.code());
        assertEquals(413, refused.status());
    }

    @Test
    void tokensAreCountedByTheConfiguredEncoding() {
        assertEquals(2, window(1000, 100).count("hello world"));
    }

    @Test
    void aHistoryWhoseBytesFitIsSentWithoutLoadingTheTokenizer() {
        Window window = window(1000, 100);
        assertEquals(11, window.fit(HistoryMessage.uncounted(history(10))).size());
        assertFalse(window.tablesLoaded(), "no count was needed: every text's bytes fit the budget");
    }

    @Test
    void storedCountsAreUsedAsTheyAreAndOnlyTheRestIsCounted() {
        Window window = window(1000, 100);
        // 30 messages of 40 bytes each: over the 900-token budget by their bytes, well within it by their counts
        List<HistoryMessage> counted = IntStream.range(0, 30)
                .mapToObj(i -> new HistoryMessage("user", "x".repeat(40), 5)).toList();
        assertEquals(31, window.fit(counted).size());
        assertFalse(window.tablesLoaded(), "every message had its count stored: none was counted");
    }

    @Test
    void storedCountsAreNotUsedForAModelThatCountsInAnotherEncoding() {
        Window window = window(1000, 100, "o200k_base");
        List<HistoryMessage> counted = IntStream.range(0, 30)
                .mapToObj(i -> new HistoryMessage("user", NUMBERS, 5)).toList();
        // counted in o200k_base, each is about 40 tokens, not 5: fewer than all 30 fit in 900
        assertTrue(window.fit(counted).size() < 31);
    }

    @Test
    void theReplyTokensAskedForAreKeptFree() {
        Window window = window(1000, 100);
        ReplySettings asking = new ReplySettings(window.settings().model(), SYSTEM.content(), null, null, 800);
        List<HistoryMessage> history = HistoryMessage.uncounted(history(100));
        assertTrue(window.context().fit(asking, history).size() < window.fit(history).size());
    }

    @Test
    void aStoredReplyCountIsTheUpstreamsCompletionButNeverMoreThanItsBytes() {
        assertEquals(3, ContextWindow.replyTokens("short reply", 3));
        assertEquals(5, ContextWindow.replyTokens("hello", 900), "reasoning tokens are not in the text");
        assertEquals(null, ContextWindow.replyTokens("stopped early", null));
    }

    @Test
    void aTextNeverHasMoreTokensThanBytes() {
        Window window = window(1000, 100);
        for (String text : new String[] { "", "hello world", "   \n\n\t  spaces  ", "naïve café crème brûlée",
                "日本語のテキストを数える", "emoji 👋🏽 and 🧑‍🚀 joined", "x".repeat(5000), "1234567890".repeat(40),
                "\u0000\u007f\u0080\u07ff\u0800\uffff" }) {
            long bytes = text.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(bytes, ContextWindow.utf8Length(text), text);
            assertTrue(window.count(text) <= bytes, text);
        }
    }
}
