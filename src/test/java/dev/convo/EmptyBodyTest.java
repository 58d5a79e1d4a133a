package dev.convo;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.convo.contract.Contract;
import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * An empty JSON body on a turn route, declared with {@code Content-Length: 0} or sent chunked, is answered at once
 * (the routes that read the body before matching used to leave it unanswered for ever).
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
class EmptyBodyTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private HttpResponse<String> post(String path, boolean chunked) throws Exception {
        // a stream of unknown length goes out chunked
        HttpRequest.BodyPublisher empty = chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[0]))
                : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json").POST(empty);
        return Contract.checked(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void startingOrPostingWithAnEmptyBodyIsABadRequest(boolean chunked) throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        for (String path : List.of("/conversations", "/conversations/" + id + "/messages")) {
            HttpResponse<String> answer = post(path, chunked);
            assertEquals(400, answer.statusCode(), path);
            assertEquals("validation_failed", new JsonObject(answer.body()).getString("code"), path);
        }
        Api.read(id, email).statusCode(200).body("conversation.messageCount", equalTo(2));
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void regeneratingWithAnEmptyBodyIsLikeNoBody(boolean chunked) throws Exception {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        String reply = Api.read(id, email).extract().path("messages[1].id");
        HttpResponse<String> answer = post("/conversations/" + id + "/messages/" + reply + "/regenerate?user_email="
                + email, chunked);
        assertEquals(201, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"version\":2"), answer.body());
    }
}
