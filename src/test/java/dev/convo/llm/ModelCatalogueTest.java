package dev.convo.llm;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import dev.convo.testing.SecondModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Several models side by side (LLM_MODEL's fake and the CHAT_MODELS of {@link SecondModel}): which endpoint and key a
 * conversation's model or a turn's calls, that a failing provider opens only its own breaker, and what users see.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
@WithTestResource(SecondModel.class)
@TestProfile(ModelCatalogueTest.QuickBreaker.class)
class ModelCatalogueTest {

    /** Three failed calls of two users open a model's breaker, for long enough to see it; no retries. */
    public static class QuickBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llm.circuit-breaker.request-volume", "3", "llm.circuit-breaker.min-users", "2",
                    "llm.circuit-breaker.delay-millis", "60000", "llm.retry.max-retries", "0");
        }
    }

    @Test
    void theModelsUsersMayPickAreListedWithoutEndpointsOrKeys() {
        given().get("/models").then().statusCode(200)
                .body("defaultModel", equalTo(FakeLlm.MODEL))
                .body("models.id", equalTo(List.of(FakeLlm.MODEL, SecondModel.ID, SecondModel.DOWN)))
                .body("models.find { it.id == 'second/model' }.name", equalTo(SecondModel.NAME))
                .body("models.find { it.id == 'second/model' }.maxTokens", equalTo(SecondModel.MAX_TOKENS))
                .body("models.find { it.id == 'second/model' }.contextTokens", equalTo(8192))
                .body(not(containsString("sk-"))).body(not(containsString("127.0.0.1")));
    }

    @Test
    void aConversationsModelDecidesWhichEndpointAndKeyAreCalled() {
        String email = Api.newUser();
        JsonPath second = start(Map.of("user_email", email, "first_message", "[[inspect]]", "model", SecondModel.ID))
                .statusCode(201).body("conversation.settings.model", equalTo(SecondModel.ID)).extract().jsonPath();
        JsonPath sent = JsonPath.from(second.getString("messages[1].text"));
        assertEquals("Bearer " + SecondModel.API_KEY, sent.getString("authorization"));
        assertEquals(SecondModel.ID, sent.getString("model"));
        assertEquals(SecondModel.ID, second.getString("messages[1].settings.model"));

        String id = second.getString("conversation.id");
        JsonPath next = JsonPath.from(Api.post(id, email, "again [[inspect]]").statusCode(201).extract()
                .<String>path("messages[1].text"));
        assertEquals("Bearer " + SecondModel.API_KEY, next.getString("authorization"));

        JsonPath byDefault = JsonPath.from(Api.start(email, "[[inspect]]").statusCode(201)
                .body("conversation.settings.model", equalTo(FakeLlm.MODEL)).extract().<String>path("messages[1].text"));
        assertEquals("Bearer " + FakeLlm.API_KEY, byDefault.getString("authorization"));
        assertEquals(FakeLlm.MODEL, byDefault.getString("model"));
    }

    @Test
    void aTurnsModelWritesThatReplyOnly() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", "[[inspect]] one",
                "model", SecondModel.ID)).post("/conversations/{id}/messages", id).then().statusCode(201)
                .body("messages[1].settings.model", equalTo(SecondModel.ID))
                .body("messages[1].text", containsString(SecondModel.API_KEY));
        Api.post(id, email, "[[inspect]] two").statusCode(201)
                .body("messages[1].settings.model", equalTo(FakeLlm.MODEL))
                .body("messages[1].text", containsString(FakeLlm.API_KEY));
        Api.read(id, email).body("conversation.settings.model", equalTo(FakeLlm.MODEL));
    }

    @Test
    void aModelUsersMayNotPickOrThatDoesNotExistIsRefusedBeforeAnythingIsStored() {
        String email = Api.newUser();
        for (String model : List.of(SecondModel.HIDDEN, "no/such-model")) {
            start(Map.of("user_email", email, "first_message", "Hello", "model", model)).statusCode(400)
                    .body("code", equalTo("unknown_model")).body("field", equalTo("model"));
        }
        String id = Api.startConversation(email, "Hello");
        given().contentType(ContentType.JSON).body(Map.of("user_email", email, "text", "Hi", "model", "no/such-model"))
                .post("/conversations/{id}/messages", id).then().statusCode(400).body("code", equalTo("unknown_model"));
        Api.read(id, email).body("conversation.messageCount", equalTo(2));
        given().get("/conversations/user/{email}", email).then().body("total", equalTo(1));
    }

    @Test
    void aFailingProviderOpensOnlyItsOwnModelsBreaker() {
        for (int i = 0; i < 3; i++) {
            start(Map.of("user_email", Api.newUser(), "first_message", "Anyone? " + i, "model", SecondModel.DOWN))
                    .statusCode(502).body("code", equalTo("llm_unavailable"));
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Model circuit breaker' }.data.'model down/model'", equalTo("open"))
                .body("checks.find { it.name == 'Model circuit breaker' }.data.state", equalTo("closed"));
        start(Map.of("user_email", Api.newUser(), "first_message", "Still?", "model", SecondModel.DOWN))
                .statusCode(503).body("code", equalTo("llm_unavailable"));
        Api.start(Api.newUser(), "The default model still answers").statusCode(201);
        start(Map.of("user_email", Api.newUser(), "first_message", "So does the second", "model", SecondModel.ID))
                .statusCode(201);
        given().get("/q/metrics").then().body(containsString("llm_circuit_breaker_state{model=\"down/model\"} 2.0"));
    }

    @Test
    void settingsAreSentToTheModelShownOnTheConversationAndRecordedOnTheReply() {
        String email = Api.newUser();
        Map<String, Object> body = new HashMap<>(Map.of("user_email", email, "first_message", "[[inspect]]",
                "system_prompt", "Answer like a pirate.", "temperature", 0.2, "top_p", 0.9, "max_tokens", 300));
        JsonPath started = start(body).statusCode(201)
                .body("conversation.settings.model", equalTo(FakeLlm.MODEL))
                .body("conversation.settings.systemPrompt", equalTo("Answer like a pirate."))
                .body("conversation.settings.temperature", equalTo(0.2f))
                .body("conversation.settings.topP", equalTo(0.9f))
                .body("conversation.settings.maxTokens", equalTo(300))
                .body("messages[1].settings.maxTokens", equalTo(300)).extract().jsonPath();
        JsonPath sent = JsonPath.from(started.getString("messages[1].text"));
        assertEquals("Answer like a pirate.", sent.getString("messages[0].content"));
        assertEquals(0.2f, sent.getFloat("temperature"));
        assertEquals(0.9f, sent.getFloat("top_p"));
        assertEquals(300, sent.getInt("max_tokens"));
    }

    @Test
    void aClientThatSendsNoSettingsSendsTheModelNoneOfThem() {
        JsonPath sent = JsonPath.from(Api.start(Api.newUser(), "[[inspect]]").statusCode(201)
                .body("conversation.settings.systemPrompt", nullValue()).extract().<String>path("messages[1].text"));
        assertEquals(null, sent.getString("temperature"));
        assertEquals(null, sent.getString("top_p"));
        assertEquals(null, sent.getString("max_tokens"));
        assertEquals("system", sent.getString("messages[0].role"));
    }

    @Test
    void patchChangesTheSettingsOfTheNextRepliesAndResetBringsBackTheDefaults() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        patch(id, Map.of("user_email", email, "model", SecondModel.ID, "temperature", 1.5, "system_prompt", "Be terse."))
                .statusCode(200).body("conversation.settings.model", equalTo(SecondModel.ID))
                .body("conversation.settings.temperature", equalTo(1.5f))
                .body("conversation.title", equalTo("Hello"));
        JsonPath sent = JsonPath.from(Api.post(id, email, "[[inspect]]").statusCode(201).extract()
                .<String>path("messages[1].text"));
        assertEquals(SecondModel.ID, sent.getString("model"));
        assertEquals("Be terse.", sent.getString("messages[0].content"));
        assertEquals(1.5f, sent.getFloat("temperature"));

        patch(id, Map.of("user_email", email, "reset", List.of("model", "temperature"), "title", "Renamed"))
                .statusCode(200).body("conversation.settings.model", equalTo(FakeLlm.MODEL))
                .body("conversation.settings.temperature", nullValue())
                .body("conversation.settings.systemPrompt", equalTo("Be terse."))
                .body("conversation.title", equalTo("Renamed"));
        Api.read(id, email).body("conversation.settings.model", equalTo(FakeLlm.MODEL))
                .body("conversation.settings.systemPrompt", equalTo("Be terse."));
    }

    @Test
    void settingsOutsideTheModelsLimitsAreRefusedNamingTheField() {
        String email = Api.newUser();
        String id = Api.startConversation(email, "Hello");
        patch(id, Map.of("user_email", email, "temperature", 2.5)).statusCode(400)
                .body("code", equalTo("validation_failed")).body("violations[0].field", equalTo("temperature"));
        patch(id, Map.of("user_email", email, "top_p", 0)).statusCode(400)
                .body("violations[0].field", equalTo("top_p"));
        patch(id, Map.of("user_email", email, "model", SecondModel.ID, "max_tokens", SecondModel.MAX_TOKENS + 1))
                .statusCode(400).body("code", equalTo("validation_failed"))
                .body("violations[0].field", equalTo("max_tokens"));
        patch(id, Map.of("user_email", email, "system_prompt", "   ")).statusCode(400)
                .body("violations[0].field", equalTo("system_prompt"));
        patch(id, Map.of("user_email", email, "system_prompt", "x".repeat(8001))).statusCode(400)
                .body("violations[0].field", equalTo("system_prompt"));
        patch(id, Map.of("user_email", email, "model", SecondModel.HIDDEN)).statusCode(400)
                .body("code", equalTo("unknown_model"));
        patch(id, Map.of("user_email", email)).statusCode(400).body("code", equalTo("validation_failed"));
        Api.read(id, email).body("conversation.settings.model", equalTo(FakeLlm.MODEL))
                .body("conversation.settings.temperature", nullValue());
    }

    private static ValidatableResponse start(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/conversations").then();
    }

    private static ValidatableResponse patch(String id, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).patch("/conversations/{id}", id).then();
    }
}
