package dev.convo.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import dev.convo.testing.Api;
import dev.convo.testing.FakeLlm;
import dev.convo.testing.MongoWireServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The seed README's curl examples, in order, with the same bodies.
 */
@QuarkusTest
@WithTestResource(MongoWireServer.class)
@WithTestResource(FakeLlm.class)
public class SeedFlowTest {

    @Test
    public void theSeedsCurlFlowWorksEndToEnd() {
        String email = "aman-" + System.nanoTime() + "@example.com";
        given().contentType("application/json").body("{\"name\":\"Aman\",\"email\":\"" + email + "\"}")
                .post("/users").then().statusCode(201).body("user.email", equalTo(email));

        String id = given().contentType("application/json")
                .body("{\"user_email\":\"" + email + "\",\"first_message\":\"Hello\"}")
                .post("/conversations").then().statusCode(201)
                .body("conversation.title", equalTo("Hello"))
                .body("messages.text", contains("Hello", "Echo: Hello"))
                .extract().path("conversation.id");

        given().contentType("application/json").body("{\"user_email\":\"" + email + "\",\"text\":\"Tell me a joke\"}")
                .post("/conversations/" + id + "/messages").then().statusCode(201)
                .body("messages.role", contains("user", "assistant"))
                .body("messages[1].text", equalTo("Echo: Tell me a joke"));

        given().get("/conversations/user/" + email).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id)).body("total", equalTo(1));

        given().get("/conversations/" + id + "?user_email=" + email).then().statusCode(200)
                .body("messages.text", contains("Hello", "Echo: Hello", "Tell me a joke", "Echo: Tell me a joke"));

        Api.delete(id, email).statusCode(204);
        given().get("/conversations/user/" + email).then().statusCode(200).body("items", hasSize(0));
    }
}
