package dev.convo.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.convo.config.ChatConfig;
import dev.convo.config.LlmConfig;
import dev.convo.error.ProblemCode;
import dev.convo.error.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The models this service can call: the seed's one (LLM_PROVIDER_URL, LLM_MODEL, LLM_API_KEY, always there under
 * the id LLM_MODEL) and those of CHAT_MODELS (a JSON array) or CHAT_MODELS_FILE (a JSON or YAML file, such as a
 * mounted ConfigMap). Read once at start-up: a bad catalogue stops the start with a message naming the entry and
 * its field. The default is CHAT_DEFAULT_MODEL, else LLM_MODEL's.
 */
@Startup
@ApplicationScoped
public class ModelCatalogue {

    static final String HUGGINGFACE_ROUTER = LlmConfig.HUGGINGFACE_ROUTER;

    private final Map<String, ModelSpec> models;
    private final List<ModelSpec> ordered;
    private final ModelSpec defaultModel;

    @Inject
    ModelCatalogue(LlmConfig llm, ChatConfig chat, ObjectMapper json) {
        this(builtIn(llm), entries(chat, json, builtIn(llm)), chat.defaultModel());
    }

    ModelCatalogue(ModelSpec builtIn, List<ModelSpec> entries, Optional<String> defaultId) {
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        byId.put(builtIn.id(), builtIn);
        entries.forEach(model -> byId.put(model.id(), model));
        this.models = Map.copyOf(byId);
        String chosen = defaultId.filter(id -> !id.isBlank()).orElse(builtIn.id());
        this.defaultModel = byId.get(chosen);
        if (defaultModel == null) {
            throw new CatalogueEntries.InvalidCatalogue("CHAT_DEFAULT_MODEL \"" + chosen + "\" is not in the catalogue ("
                    + String.join(", ", byId.keySet()) + ")");
        }
        this.ordered = List.copyOf(byId.values());
        Log.infof("Models: %s (default %s)", String.join(", ", byId.keySet()), defaultModel.id());
    }

    /** The model of conversations that name none. */
    public ModelSpec defaultModel() {
        return defaultModel;
    }

    /** The models users may pick, in the catalogue's order (the default among them even if not pickable). */
    public List<ModelSpec> pickable() {
        return ordered.stream().filter(model -> model.pickable() || model == defaultModel).toList();
    }

    /** Whether any model can be called at all (has an endpoint, and a key where it needs one). */
    public boolean anyConfigured() {
        return ordered.stream().anyMatch(ModelSpec::configured);
    }

    /** Every model, for the operator's views (metrics, readiness). */
    public List<ModelSpec> all() {
        return ordered;
    }

    /**
     * The model a user asked for in {@code field}: the default when {@code id} is null; 400 {@code unknown_model} when
     * it is not in the catalogue or users may not pick it.
     */
    public ModelSpec pick(String id, String field) {
        if (id == null) {
            return defaultModel;
        }
        ModelSpec model = models.get(id);
        if (model == null || !(model.pickable() || model == defaultModel)) {
            throw unknown(id, field);
        }
        return model;
    }

    /** The model {@code id}, if the catalogue has it ({@code null}: none). */
    public Optional<ModelSpec> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(models.get(id));
    }

    /**
     * The model a conversation is set to: the default when it names none, or names one the operator has taken out of
     * the catalogue since.
     */
    public ModelSpec ofConversation(String id) {
        return find(id).orElse(defaultModel);
    }

    private ProblemException unknown(String id, String field) {
        return new ProblemException(ProblemCode.UNKNOWN_MODEL, "No model \"" + shorten(id)
                + "\" can be picked here; GET /models lists those that can.").with("field", field);
    }

    private static String shorten(String id) {
        return id.length() <= 100 ? id : id.substring(0, 100) + "...";
    }

    /** The seed's model, from LLM_PROVIDER_URL, LLM_MODEL, LLM_API_KEY and the LLM_CONTEXT_ settings. */
    static ModelSpec builtIn(LlmConfig llm) {
        return new ModelSpec(llm.model(), llm.model(), llm.providerUrl(), llm.apiKey().filter(key -> !key.isBlank()),
                llm.context().maxTokens(), llm.context().encoding(), llm.context().replyTokens(), true);
    }

    /** The entries of CHAT_MODELS and of CHAT_MODELS_FILE (both may be set; an id may appear once). */
    private static List<ModelSpec> entries(ChatConfig chat, ObjectMapper json, ModelSpec builtIn) {
        List<ModelSpec> models = new ArrayList<>();
        if (chat.models().filter(text -> !text.isBlank()).isPresent()) {
            models.addAll(CatalogueEntries.read("CHAT_MODELS", parse("CHAT_MODELS", chat.models().get(), json), builtIn));
        }
        if (chat.modelsFile().filter(file -> !file.isBlank()).isPresent()) {
            Path file = Path.of(chat.modelsFile().get());
            String source = "CHAT_MODELS_FILE " + file;
            List<ModelSpec> fromFile = CatalogueEntries.read(source, parse(source, read(source, file),
                    isYaml(file) ? new YAMLMapper() : json), builtIn);
            for (ModelSpec model : fromFile) {
                if (models.stream().anyMatch(other -> other.id().equals(model.id()))) {
                    throw new CatalogueEntries.InvalidCatalogue(source + ": model \"" + model.id()
                            + "\" is in CHAT_MODELS too");
                }
            }
            models.addAll(fromFile);
        }
        return models;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String read(String source, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CatalogueEntries.InvalidCatalogue(source + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static JsonNode parse(String source, String text, ObjectMapper mapper) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            // the parser's message may quote the text, keys included: only where it failed
            String at = e instanceof com.fasterxml.jackson.core.JsonProcessingException parsing
                    && parsing.getLocation() != null
                            ? " (line " + parsing.getLocation().getLineNr() + ", column "
                                    + parsing.getLocation().getColumnNr() + ")"
                            : "";
            throw new CatalogueEntries.InvalidCatalogue(source + " is not valid " + (mapper instanceof YAMLMapper
                    ? "YAML" : "JSON") + at);
        }
    }
}
