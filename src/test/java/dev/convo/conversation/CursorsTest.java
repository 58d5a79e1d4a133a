package dev.convo.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.convo.conversation.Cursors.ConversationPosition;
import dev.convo.error.ProblemException;

/**
 * Both kinds of cursor, without Quarkus: what is issued reads back, and nothing else is accepted.
 */
class CursorsTest {

    @Test
    void aConversationCursorReadsBackAsThePositionItWasMadeFrom() {
        ConversationPosition position = new ConversationPosition(Instant.ofEpochMilli(1_700_000_000_123L), new ObjectId());
        assertEquals(position, Cursors.conversationsAfter(Cursors.conversations(position)));
    }

    @Test
    void aMessageCursorReadsBackAsItsSequenceNumber() {
        assertEquals(42L, Cursors.messagesBefore(Cursors.messages(42)));
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertNull(Cursors.conversationsAfter(null));
        assertNull(Cursors.conversationsAfter(""));
        assertEquals(Long.MAX_VALUE, Cursors.messagesBefore(null));
        assertEquals(Long.MAX_VALUE, Cursors.messagesBefore(""));
    }

    @Test
    void oneKindOfCursorIsNotTakenForTheOther() {
        String messages = Cursors.messages(7);
        String conversations = Cursors.conversations(new ConversationPosition(Instant.now(), new ObjectId()));
        assertRefused(() -> Cursors.conversationsAfter(messages));
        assertRefused(() -> Cursors.messagesBefore(conversations));
    }

    @ParameterizedTest
    @ValueSource(strings = { "not base64!", "bTA", "bS0x", "bXg", "x", "MTIzOmFiYw", "MTIz" })
    void aCursorThisServiceDidNotIssueIsA400NamingIt(String cursor) {
        assertRefused(() -> Cursors.messagesBefore(cursor));
        assertRefused(() -> Cursors.conversationsAfter(cursor));
    }

    @Test
    void aNumberTooLargeForASequenceIsRefused() {
        String huge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("m99999999999999999999".getBytes(StandardCharsets.UTF_8));
        assertRefused(() -> Cursors.messagesBefore(huge));
    }

    private static void assertRefused(Runnable read) {
        ProblemException refused = assertThrows(ProblemException.class, read::run);
        assertEquals("validation_failed", refused.code());
        assertEquals("cursor", refused.toProblem().violations().get(0).field());
    }
}
