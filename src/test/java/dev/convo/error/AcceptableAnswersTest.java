package dev.convo.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which Accept headers leave the API a type to answer in.
 */
class AcceptableAnswersTest {

    @ParameterizedTest
    @ValueSource(strings = { "*/*", "application/json", "text/event-stream", "application/problem+json",
            "application/xml, application/json;q=0.5", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "APPLICATION/JSON; charset=utf-8", "application/*" })
    void theseAreAnswered(String accept) {
        assertTrue(AcceptableAnswers.answerable(accept), accept);
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/xml", "text/html", "image/png, application/pdf", "application/json;q=0",
            "*/*;q=0.0" })
    void theseAreNot(String accept) {
        assertFalse(AcceptableAnswers.answerable(accept), accept);
    }
}
