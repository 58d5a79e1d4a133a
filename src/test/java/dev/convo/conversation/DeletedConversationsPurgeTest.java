package dev.convo.conversation;

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
@TestProfile(DeletedConversationsPurgeTest.NoRetention.class)
class DeletedConversationsPurgeTest {

    /** Deleted conversations are kept for no time at all. */
    public static class NoRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.deleted-retention", "0s");
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
}
