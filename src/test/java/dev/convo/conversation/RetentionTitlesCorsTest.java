package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(RetentionTitlesCorsTest.Settings.class)
class RetentionTitlesCorsTest {

    /** No retention for deleted conversations, generated titles, and one allowed browser origin. */
    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.deleted-retention", "0s", "chat.generate-titles", "true",
                    "quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", "https://app.example.com");
        }
    }

    @Inject
    DeletedConversationsPurge purge;

    @Test
    void thePurgeRemovesDeletedConversationsAndTheirMessages() {
        String email = Api.newUser();
        String kept = Api.startConversation(email, "Keep me");
        String gone = Api.startConversation(email, "Delete me");
        Api.delete(gone, email).statusCode(204);
        assertTrue(purge.purge().await().indefinitely() >= 1);
        assertNull(Conversation.findById(new ObjectId(gone)).await().indefinitely());
        assertEquals(0L, Message.count("conversationId", new ObjectId(gone)).await().indefinitely());
        Api.read(kept, email).statusCode(200);
    }

    @Test
    void aTitleIsAskedOfTheModelAfterTheFirstReplyWithoutDelayingIt() {
        String email = Api.newUser();
        String id = Api.start(email, "Plan a trip").statusCode(201)
                .body("conversation.title", equalTo("Plan a trip")).extract().path("conversation.id");
        long deadline = System.currentTimeMillis() + 10_000;
        String title = "Plan a trip";
        while (title.equals("Plan a trip") && System.currentTimeMillis() < deadline) {
            title = Api.read(id, email).extract().path("conversation.title");
        }
        assertTrue(title.startsWith("Echo: Give this conversation a title"), title);
    }

    @Test
    void anAllowedOriginMayCallFromABrowser() {
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .options("/conversations").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example.com");
        given().header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "POST")
                .options("/conversations").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
