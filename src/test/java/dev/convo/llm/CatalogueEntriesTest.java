package dev.convo.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reading a model catalogue: every bad entry is refused naming the entry and the field, and never quoting a key.
 */
class CatalogueEntriesTest {

    private static final ModelSpec BUILT_IN = new ModelSpec("seed/model", "seed/model",
            ModelCatalogue.HUGGINGFACE_ROUTER, Optional.of("hf_secret"), 32768, "o200k_base", 2048, true);

    private static List<ModelSpec> read(String json) throws Exception {
        return CatalogueEntries.read("CHAT_MODELS", new ObjectMapper().readTree(json), BUILT_IN);
    }

    private static String refusal(String json) {
        return assertThrows(CatalogueEntries.InvalidCatalogue.class, () -> read(json)).getMessage();
    }

    @Test
    void anEntryTakesTheDefaultsItLeavesOut() throws Exception {
        ModelSpec model = read("[{\"id\": \"llama-local\", \"endpoint\": \"http://vllm:8000/v1/chat/completions\"}]").get(0);
        assertEquals("llama-local", model.name());
        assertEquals(32768, model.contextTokens());
        assertEquals("o200k_base", model.encoding());
        assertEquals(2048, model.maxTokens());
        assertTrue(model.pickable());
        assertEquals(Optional.empty(), model.apiKey());
    }

    @Test
    void theIssuesExampleEntryIsReadAsWritten() throws Exception {
        ModelSpec model = read("""
                [{"id": "llama-local", "name": "Llama (local)", "endpoint": "http://vllm:8000/v1/chat/completions",
                  "apiKey": "abc", "contextTokens": 8192, "encoding": "cl100k_base", "maxTokens": 1024, "pickable": true}]
                """).get(0);
        assertEquals(new ModelSpec("llama-local", "Llama (local)", "http://vllm:8000/v1/chat/completions",
                Optional.of("abc"), 8192, "cl100k_base", 1024, true), model);
    }

    @Test
    void anEntryNamedAfterLlmModelDescribesItAndKeepsItsEndpointAndKey() throws Exception {
        ModelSpec model = read("[{\"id\": \"seed/model\", \"name\": \"GPT OSS\", \"pickable\": false}]").get(0);
        assertEquals("GPT OSS", model.name());
        assertEquals(ModelCatalogue.HUGGINGFACE_ROUTER, model.endpoint());
        assertEquals(Optional.of("hf_secret"), model.apiKey());
        assertFalse(model.pickable());
    }

    @Test
    void badEntriesAreRefusedNamingTheEntryAndTheField() {
        assertEquals("CHAT_MODELS must be a JSON array of models", refusal("{\"id\": \"x\"}"));
        assertEquals("CHAT_MODELS entry 1 (\"x\"): field endpoint is required: the http(s) URL of a chat-completions endpoint",
                refusal("[{\"id\": \"x\"}]"));
        assertTrue(refusal("[{\"id\": \"x\", \"endpoint\": \"ftp://host/x\"}]").contains("field endpoint"));
        assertTrue(refusal("[{\"endpoint\": \"http://h/v1\"}]").startsWith("CHAT_MODELS entry 1: field id is required"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\"}, {\"id\": \"b\", \"endpoint\": \"http://h/v1\", "
                + "\"contextTokens\": \"lots\"}]").startsWith("CHAT_MODELS entry 2 (\"b\"): field contextTokens"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\", \"encoding\": \"gpt2\"}]")
                .contains("field encoding must be one of"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\", \"contextTokens\": 1000, \"maxTokens\": 1000}]")
                .contains("field maxTokens must be a whole number from 1 to 999"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\", \"apikey\": \"s\"}]")
                .contains("field apikey is not a known field"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\", \"pickable\": \"yes\"}]")
                .contains("field pickable must be true or false"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"http://h/v1\"}, {\"id\": \"a\", \"endpoint\": \"http://h/v1\"}]")
                .contains("entry 2: field id: \"a\" is named twice"));
        assertTrue(refusal("[{\"id\": \"a\", \"endpoint\": \"" + ModelCatalogue.HUGGINGFACE_ROUTER + "\"}]")
                .contains("field apiKey is required by the HuggingFace router"));
    }

    @Test
    void aRefusalNeverQuotesAKey() {
        String refused = refusal("[{\"id\": \"a\", \"endpoint\": \"not a url\", \"apiKey\": \"sk-very-secret\"}]");
        assertFalse(refused.contains("sk-very-secret"), refused);
        assertFalse(new ModelSpec("a", "a", "http://h", Optional.of("sk-very-secret"), 100, "o200k_base", 10, true)
                .toString().contains("sk-very-secret"));
    }

    @Test
    void aYamlCatalogueReadsAsItsJson() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree("""
                - id: llama-local
                  name: Llama (local)
                  endpoint: http://vllm:8000/v1/chat/completions
                  contextTokens: 8192
                  maxTokens: 1024
                """);
        ModelSpec model = CatalogueEntries.read("CHAT_MODELS_FILE models.yaml", yaml, BUILT_IN).get(0);
        assertEquals("Llama (local)", model.name());
        assertEquals(1024, model.maxTokens());
    }

    @Test
    void aDefaultModelOutsideTheCatalogueIsRefused() {
        String refused = assertThrows(CatalogueEntries.InvalidCatalogue.class,
                () -> new ModelCatalogue(BUILT_IN, List.of(), Optional.of("gpt-5"))).getMessage();
        assertEquals("CHAT_DEFAULT_MODEL \"gpt-5\" is not in the catalogue (seed/model)", refused);
    }

    @Test
    void theDefaultIsPickableAndModelsThatAreNotAreLeftOutOfTheList() {
        ModelSpec hidden = new ModelSpec("hidden", "Hidden", "http://h/v1", Optional.empty(), 8192, "o200k_base", 100, false);
        ModelSpec open = new ModelSpec("open", "Open", "http://h/v1", Optional.empty(), 8192, "o200k_base", 100, true);
        ModelCatalogue catalogue = new ModelCatalogue(BUILT_IN, List.of(hidden, open), Optional.of("open"));
        assertEquals(List.of("seed/model", "open"), catalogue.pickable().stream().map(ModelSpec::id).toList());
        assertEquals("open", catalogue.defaultModel().id());
        assertEquals("unknown_model", assertThrows(dev.convo.error.ProblemException.class,
                () -> catalogue.pick("hidden", "model")).code());
        assertEquals("hidden", catalogue.ofConversation("hidden").id());
        assertEquals("open", catalogue.ofConversation("removed-since").id());
    }
}
