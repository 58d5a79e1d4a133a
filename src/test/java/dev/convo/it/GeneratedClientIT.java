package dev.convo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.client.ApiClient;
import dev.convo.client.ApiException;
import dev.convo.client.api.ConversationsApi;
import dev.convo.client.api.MessagesApi;
import dev.convo.client.api.UsersApi;
import dev.convo.client.model.ConversationPage;
import dev.convo.client.model.CreateUserRequest;
import dev.convo.client.model.Message;
import dev.convo.client.model.PostMessageRequest;
import dev.convo.client.model.StartConversationRequest;
import dev.convo.client.model.StartedConversation;
import dev.convo.client.model.StreamDone;
import dev.convo.client.model.StreamStarted;
import dev.convo.client.model.TurnMessages;
import dev.convo.client.model.UserResult;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.PackagedService;
import dev.convo.testing.SseClient;
import dev.convo.testing.SseClient.Event;

/**
 * A whole chat through a client generated from docs/openapi.yaml during the build (openapi-generator, Java), the
 * way an app team builds on the service: sign up, start, post, a streamed reply read with the contract's event
 * payloads, read back, regenerate, a problem as the contract describes it, delete. Every call but the stream is a
 * generated, typed method.
 */
class GeneratedClientIT {

    private final MongoWireServer mongo = new MongoWireServer();
    private final FakeLlm llm = new FakeLlm();
    private PackagedService service;

    @AfterEach
    void stopEverything() {
        if (service != null) {
            service.process().destroyForcibly();
        }
        llm.stop();
        mongo.stop();
    }

    @Test
    void aWholeChatThroughTheGeneratedClient() throws Exception {
        service = PackagedService.start("generated-client-it", mongo.start().get("quarkus.mongodb.connection-string"),
                llm.start(), Map.of());
        ApiClient client = new ApiClient();
        client.updateBaseUri(service.base());
        ObjectMapper json = client.getObjectMapper();
        UsersApi users = new UsersApi(client);
        ConversationsApi conversations = new ConversationsApi(client);
        MessagesApi messages = new MessagesApi(client);
        String email = "client-" + UUID.randomUUID() + "@example.com";

        UserResult user = users.createUser(new CreateUserRequest().name("Client").email(email));
        assertEquals(email, user.getUser().getEmail());

        StartedConversation started = conversations.startConversation(
                new StartConversationRequest().userEmail(email).firstMessage("Hello"), null);
        String id = started.getConversation().getId();
        assertEquals(Message.RoleEnum.ASSISTANT, started.getMessages().get(1).getRole());
        assertEquals(Message.StatusEnum.COMPLETE, started.getMessages().get(1).getStatus());

        TurnMessages posted = conversations.postMessage(id, new PostMessageRequest().userEmail(email).text("How are you?"),
                UUID.randomUUID().toString());
        assertEquals("Echo: How are you?", posted.getMessages().get(1).getText());

        List<Event> events;
        try (SseClient stream = SseClient.open(HttpRequest.newBuilder(URI.create(service.base() + "/conversations/" + id
                + "/messages")).header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                        new PostMessageRequest().userEmail(email).text("Count [[tokens 4]]")))))) {
            events = stream.until(event -> "end".equals(event.id()));
        }
        StreamStarted opening = json.readValue(events.get(0).data(), StreamStarted.class);
        StreamDone done = json.readValue(events.get(events.size() - 1).data(), StreamDone.class);
        assertEquals(opening.getAssistantMessage().getId(), done.getMessage().getId());
        assertEquals("w1 w2 w3 w4", done.getMessage().getText());

        ConversationPage page = conversations.getConversation(id, null, null, 50, email);
        assertEquals(6, page.getMessages().size());
        assertEquals(6L, page.getConversation().getMessageCount());

        TurnMessages regenerated = messages.regenerateReply(id, done.getMessage().getId(), email, null);
        assertEquals(2, regenerated.getMessages().get(1).getVersion());
        assertEquals(7L, conversations.listUserConversations(email, null, 10).getItems().get(0).getMessageCount());

        ApiException refused = assertThrows(ApiException.class, () -> conversations.getConversation(
                "0123456789abcdef01234567", null, null, null, email));
        assertEquals(404, refused.getCode());
        assertTrue(refused.getResponseBody().contains("conversation_not_found"));

        conversations.deleteConversation(id, email, null);
        assertNotNull(assertThrows(ApiException.class, () -> conversations.getConversation(id, null, null, null, email)));
    }
}
