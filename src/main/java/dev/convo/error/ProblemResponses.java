package dev.convo.error;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds, in one place, the problem answers that every operation of the contract can give whatever it does, so that
 * a generated client knows them all: 406 for an Accept it cannot answer, 500, 503 (the database away, the instance
 * shutting down), and for writes 400, 413 and 415. Each operation declares its own other answers. It also joins the
 * JSON and the streamed answer of each turn into one 201.
 * <p>
 * It runs once, when the service is built: the document is final in the packaged service, so nothing of it is
 * computed at start-up.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    // sorted, so that the document comes out the same at every start (Map.of's order changes from JVM to JVM)
    private static final Map<String, String> EVERY_OPERATION = new TreeMap<>(Map.of("406", "NotAcceptable",
            "500", "InternalError", "503", "Unavailable"));
    private static final Map<String, String> EVERY_WRITE = new TreeMap<>(Map.of("400", "BadRequest", "413", "TooLarge",
            "415", "UnsupportedMediaType"));
    private static final Set<String> LEAKED_TYPES = new TreeSet<>(Set.of("OutboundSseEvent", "MediaType"));
    private static final Set<String> STREAMED_TURNS = Set.of("startConversation", "postMessage", "regenerateReply");
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        streamedTurns(openAPI);
        // the streaming methods' Java return type (JAX-RS's OutboundSseEvent, and its MediaType) is not what clients
        // get: the EventStream response describes the stream
        LEAKED_TYPES.forEach(openAPI.getComponents()::removeSchema);
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach((method, operation) -> {
            EVERY_OPERATION.forEach((status, response) -> declare(operation, status, response));
            if (WRITES.contains(method)) {
                EVERY_WRITE.forEach((status, response) -> declare(operation, status, response));
            }
        }));
    }

    /**
     * A turn answers 201 with its stored messages as JSON, or, asked for events, 201 with the events: one answer
     * with two contents, so that a generated client types the JSON one (it types an operation by its lowest 2xx).
     */
    private static void streamedTurns(OpenAPI openAPI) {
        MediaType events = openAPI.getComponents().getResponses().get("EventStream").getContent()
                .getMediaType("text/event-stream");
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            if (STREAMED_TURNS.contains(operation.getOperationId())) {
                APIResponse created = operation.getResponses().getAPIResponse("201");
                created.getContent().addMediaType("text/event-stream", events);
                created.setDescription(created.getDescription()
                        + "; with Accept: text/event-stream (or \"stream\": true), the events of the reply as it is written");
                operation.getResponses().removeAPIResponse("200");
            }
        }));
    }

    /** Declares the shared response unless the operation declares its own for that status. */
    private static void declare(Operation operation, String status, String response) {
        if (operation.getResponses().getAPIResponse(status) == null) {
            operation.getResponses().addAPIResponse(status,
                    OASFactory.createAPIResponse().ref("#/components/responses/" + response));
        }
    }
}
