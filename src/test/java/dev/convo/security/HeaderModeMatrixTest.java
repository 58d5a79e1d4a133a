package dev.convo.security;

import java.util.List;
import java.util.Map;

import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Header mode: a trusted proxy names the caller in X-Forwarded-Email; user_email is optional.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@TestProfile(HeaderMode.class)
class HeaderModeMatrixTest extends OwnershipMatrix {

    @Override
    As as(Who who, String owner, String other) {
        return switch (who) {
            case OWNER -> new As(request().header("X-Forwarded-Email", owner), null);
            case OTHER -> new As(request().header("X-Forwarded-Email", other), null);
            case ANONYMOUS -> new As(request(), null);
            case ADMIN -> new As(request().header("Authorization", "Bearer test-admin-token"), null);
        };
    }

    @Override
    Map<String, List<Integer>> expected() {
        return Map.ofEntries(
                Map.entry("POST /users", List.of(403, 403, 401, 201)),
                Map.entry("GET /users/{email}/usage", List.of(200, 403, 401, 200)),
                Map.entry("POST /conversations", List.of(201, 201, 401, 403)),
                Map.entry("PATCH /conversations/{id}", List.of(200, 403, 401, 403)),
                Map.entry("POST /conversations/{id}/restore", List.of(409, 403, 401, 403)),
                Map.entry("GET /users/{email}", List.of(200, 403, 401, 200)),
                Map.entry("GET /conversations/user/{email}", List.of(200, 403, 401, 200)),
                Map.entry("GET /conversations", List.of(401, 401, 401, 200)),
                Map.entry("GET /conversations/{id}", List.of(200, 403, 401, 200)),
                Map.entry("POST /conversations/{id}/messages", List.of(201, 403, 401, 403)),
                Map.entry("POST /conversations/{id}/messages (stream)", List.of(201, 403, 401, 403)),
                Map.entry("GET .../events", List.of(200, 403, 401, 200)),
                Map.entry("POST .../stop", List.of(409, 403, 401, 403)),
                Map.entry("POST .../regenerate", List.of(201, 403, 401, 403)),
                Map.entry("POST .../edit", List.of(201, 403, 401, 403)),
                Map.entry("POST .../activate", List.of(200, 403, 401, 403)),
                Map.entry("PUT .../feedback", List.of(200, 403, 401, 403)),
                Map.entry("DELETE .../feedback", List.of(204, 403, 401, 403)),
                Map.entry("GET /feedback", List.of(401, 401, 401, 200)),
                Map.entry("GET /feedback/export", List.of(401, 401, 401, 200)),
                Map.entry("GET /models", List.of(200, 200, 200, 200)),
                Map.entry("GET /conversations/user/{email}/search", List.of(200, 403, 401, 200)),
                Map.entry("POST /conversations/{id}/shares", List.of(201, 403, 401, 403)),
                Map.entry("GET /conversations/{id}/shares", List.of(200, 403, 401, 200)),
                Map.entry("DELETE /conversations/{id}/shares/{token}", List.of(204, 403, 401, 403)),
                Map.entry("GET /shared/{token}", List.of(200, 200, 200, 200)),
                Map.entry("GET /users/{email}/export", List.of(200, 403, 401, 200)),
                Map.entry("GET /conversations/{id}/export", List.of(200, 403, 401, 200)),
                Map.entry("POST /users/{email}/import", List.of(200, 403, 401, 403)),
                Map.entry("DELETE /users/{email}", List.of(204, 403, 401, 204)),
                Map.entry("DELETE /conversations/{id}", List.of(204, 403, 401, 403)));
    }
}
