package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;

/**
 * Captures every log line written while the model fails in each way it can, and checks that neither the API key
 * nor the upstream's error body appears in any of them (messages, parameters or stack traces).
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class SecretsNotLoggedTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(' ').append(trace);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noFailingModelCallLogsTheKeyOrTheUpstreamsBody() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        for (String failure : List.of("[[status 401]]", "[[status 500]]", "[[status 429]] [[retry-after 1]]",
                "[[garbage]]", "[[no-choices]]", "[[close]]", "[[delay 4000]]")) {
            Api.post(id, email, "Fail " + failure).statusCode(Matchers.greaterThanOrEqualTo(500));
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("model")), "the failures were logged: " + lines);
        assertFalse(lines.stream().anyMatch(line -> line.contains(FakeLlm.API_KEY)), "the API key was logged");
        assertFalse(lines.stream().anyMatch(line -> line.contains("upstream secret detail")),
                "the upstream's error body was logged");
    }
}
