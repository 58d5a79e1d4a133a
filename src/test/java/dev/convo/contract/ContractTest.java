package dev.convo.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The checker of exchanges against the contract, on exchanges made up here, without Quarkus.
 */
class ContractTest {

    private final Contract contract = Contract.published();

    private static final String USER = "{\"user\":{\"id\":\"6b0fb39eadd70ca02afbdfdf\",\"name\":\"A\","
            + "\"email\":\"a@example.com\",\"createdAt\":\"2026-12-02T05:58:54.008Z\"}}";

    @Test
    void aDeclaredAnswerPasses() {
        assertEquals(List.of(), contract.violations("GET", "/users/a@example.com", 200, "application/json", USER));
        assertEquals(List.of(), contract.violations("POST", "/users", 409, "application/problem+json",
                "{\"type\":\"/problems/user_exists\",\"title\":\"Conflict\",\"status\":409,\"code\":\"user_exists\"}"));
    }

    @Test
    void anUndeclaredStatusIsCaught() {
        assertTrue(contract.violations("GET", "/users/a@example.com", 418, "application/json", USER).get(0)
                .contains("status not declared"));
    }

    @Test
    void aMissingRequiredFieldOrAWrongTypeIsCaught() {
        assertEquals(1, contract.violations("GET", "/users/a@example.com", 200, "application/json",
                "{\"user\":{\"id\":\"x\",\"name\":\"A\",\"email\":\"a@example.com\"}}").size());
        assertEquals(1, contract.violations("GET", "/conversations/user/a@example.com", 200, "application/json",
                "{\"user\":{\"id\":\"x\",\"email\":\"a@example.com\"},\"total\":\"two\",\"items\":[]}").size());
    }

    @Test
    void aProblemCodeTheContractDoesNotListIsCaught() {
        assertEquals(1, contract.violations("GET", "/users/a@example.com", 404, "application/problem+json",
                "{\"type\":\"/problems/x\",\"title\":\"Not Found\",\"status\":404,\"code\":\"no_such_code\"}").size());
    }

    @Test
    void anUndeclaredContentTypeOrRouteIsCaught() {
        assertTrue(contract.violations("GET", "/users/a@example.com", 200, "text/html", "<html>").get(0)
                .contains("content type"));
        assertTrue(contract.violations("GET", "/nowhere", 200, "application/json", "{}").get(0)
                .contains("no such route"));
        assertEquals(List.of(), contract.violations("GET", "/nowhere", 404, "application/problem+json", "{}"));
    }

    @Test
    void theMostLiteralRouteIsTheOneMatched() {
        assertEquals(List.of(), contract.violations("GET", "/conversations/user/a@example.com", 200,
                "application/json", "{\"user\":{\"id\":\"x\",\"email\":\"a@example.com\"},\"total\":0,\"items\":[]}"));
    }
}
