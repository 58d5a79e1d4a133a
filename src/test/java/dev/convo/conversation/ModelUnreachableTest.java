package dev.convo.conversation;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.ClosedPort;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@TestProfile(ModelUnreachableTest.ModelDown.class)
class ModelUnreachableTest {

    /** The model endpoint at an address where nothing listens. */
    public static class ModelDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llm.provider-url", "http://127.0.0.1:" + ClosedPort.find() + "/v1/chat/completions",
                    "llm.api-key", "sk-unused");
        }
    }

    @Test
    void aRefusedConnectionIsABadGatewayAndKeepsTheUsersMessage() {
        String email = Api.newUser();
        String id = Api.start(email, "Anyone there?").statusCode(502).body("code", equalTo("llm_unavailable"))
                .extract().path("conversationId");
        Api.read(id, email).statusCode(200).body("messages.text", contains("Anyone there?", ""))
                .body("messages.status", contains("complete", "failed"));
    }
}
