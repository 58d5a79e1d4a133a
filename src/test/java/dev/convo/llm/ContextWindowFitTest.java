package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /** A context window of {@code maxTokens}, of which {@code replyTokens} stay free for the reply. */
    private static ContextWindow window(int maxTokens, int replyTokens) {
        LlmConfig config = new SmallRyeConfigBuilder().withMapping(LlmConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "60s", as Quarkus reads it
                .withDefaultValues(Map.of("llm.context.max-tokens", String.valueOf(maxTokens),
                        "llm.context.reply-tokens", String.valueOf(replyTokens),
                        "llm.context.encoding", "cl100k_base"))
                .build().getConfigMapping(LlmConfig.class);
        return new ContextWindow(config);
    }

    private static List<ChatMessage> history(int turns) {
        return IntStream.rangeClosed(1, turns)
                .mapToObj(i -> new ChatMessage(i % 2 == 1 ? "user" : "assistant", "message number " + i))
                .toList();
    }

    @Test
    void aHistoryThatFitsIsSentWholeAfterTheSystemPrompt() {
        List<ChatMessage> sent = window(1000, 100).fit(SYSTEM, HistoryMessage.uncounted(history(5)));
        assertEquals(6, sent.size());
        assertEquals(SYSTEM, sent.get(0));
        assertEquals("message number 1", sent.get(1).content());
    }

    @Test
    void theOldestMessagesGoFirstAndTheNewestStays() {
        ContextWindow window = window(1000, 100);
        int perMessage = window.count(List.of(new ChatMessage("user", "message number 10"))) - 3;
        int systemCost = window.count(List.of(SYSTEM));
        // room for the system prompt and exactly three messages
        ContextWindow tight = window(systemCost + 3 * perMessage + 100, 100);
        List<ChatMessage> sent = tight.fit(SYSTEM, HistoryMessage.uncounted(history(10)));
        assertEquals(4, sent.size());
        assertEquals(SYSTEM, sent.get(0));
        assertEquals(List.of("message number 8", "message number 9", "message number 10"),
                sent.subList(1, 4).stream().map(ChatMessage::content).toList());
    }

    @Test
    void aLastMessageThatCannotFitEvenAloneIsRefused() {
        ContextWindow tiny = window(40, 10);
        List<ChatMessage> history = List.of(new ChatMessage("user", "word ".repeat(200)));
        ProblemException refused = assertThrows(ProblemException.class,
                () -> tiny.fit(SYSTEM, HistoryMessage.uncounted(history)));
        assertEquals("context_too_long", refused.code());
        assertEquals(413, refused.status());
    }

    @Test
    void tokensAreCountedByTheConfiguredEncoding() {
        assertEquals(2, window(1000, 100).count("hello world"));
    }

    @Test
    void aHistoryWhoseBytesFitIsSentWithoutLoadingTheTokenizer() {
        ContextWindow window = window(1000, 100);
        assertEquals(11, window.fit(SYSTEM, HistoryMessage.uncounted(history(10))).size());
        assertFalse(window.tablesLoaded(), "no count was needed: every text's bytes fit the budget");
    }

    @Test
    void storedCountsAreUsedAsTheyAreAndOnlyTheRestIsCounted() {
        ContextWindow window = window(1000, 100);
        // 30 messages of 40 bytes each: over the 900-token budget by their bytes, well within it by their counts
        List<HistoryMessage> counted = IntStream.range(0, 30)
                .mapToObj(i -> new HistoryMessage("user", "x".repeat(40), 5)).toList();
        assertEquals(31, window.fit(SYSTEM, counted).size());
        assertFalse(window.tablesLoaded(), "every message had its count stored: none was counted");
    }

    @Test
    void aStoredReplyCountIsTheUpstreamsCompletionButNeverMoreThanItsBytes() {
        assertEquals(3, ContextWindow.replyTokens("short reply", 3));
        assertEquals(5, ContextWindow.replyTokens("hello", 900), "reasoning tokens are not in the text");
        assertEquals(null, ContextWindow.replyTokens("stopped early", null));
    }

    @Test
    void aTextNeverHasMoreTokensThanBytes() {
        ContextWindow window = window(1000, 100);
        for (String text : new String[] { "", "hello world", "   \n\n\t  spaces  ", "naïve café crème brûlée",
                "日本語のテキストを数える", "emoji 👋🏽 and 🧑‍🚀 joined", "x".repeat(5000), "1234567890".repeat(40),
                "\u0000\u007f\u0080\u07ff\u0800\uffff" }) {
            long bytes = text.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(bytes, ContextWindow.utf8Length(text), text);
            assertTrue(window.count(text) <= bytes, text);
        }
    }
}
