package dev.convo.llm;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /models}: the models users may pick, as they see them (never an endpoint or a key).
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    private final ModelCatalogue catalogue;

    ModelResource(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** A model as users see it. */
    @Schema(name = "Model", requiredProperties = { "id", "name", "contextTokens", "maxTokens" })
    public record ModelView(@Schema(description = "What requests name it by (model)") String id,
            @Schema(description = "What users see") String name,
            @Schema(description = "Its context window, in tokens") int contextTokens,
            @Schema(description = "The most reply tokens a conversation may ask of it (max_tokens)") int maxTokens) {

        static ModelView of(ModelSpec model) {
            return new ModelView(model.id(), model.name(), model.contextTokens(), model.maxTokens());
        }
    }

    /** Answer of {@code GET /models}. */
    @Schema(name = "ModelList", requiredProperties = { "defaultModel", "models" })
    public record Models(@Schema(description = "The id of the model of conversations that name none") String defaultModel,
            List<ModelView> models) {
    }

    @Operation(operationId = "listModels", summary = "The models users may pick",
            description = "The models a conversation (model) or a turn may name, in the operator's order, and the default. Needs no identity.")
    @APIResponse(responseCode = "200", description = "The models")
    @GET
    public Models list() {
        return new Models(catalogue.defaultModel().id(), catalogue.pickable().stream().map(ModelView::of).toList());
    }
}
