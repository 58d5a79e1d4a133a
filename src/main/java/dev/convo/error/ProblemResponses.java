package dev.convo.error;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

/**
 * Adds, in one place, the problem answers that every operation of the contract can give whatever it does, so that
 * a generated client knows them all: 406 for an Accept it cannot answer, 500, 503 (the database away, the instance
 * shutting down), and for writes 400, 413 and 415. Each operation declares its own other answers.
 */
public class ProblemResponses implements OASFilter {

    // sorted, so that the document comes out the same at every start (Map.of's order changes from JVM to JVM)
    private static final Map<String, String> EVERY_OPERATION = new TreeMap<>(Map.of("406", "NotAcceptable",
            "500", "InternalError", "503", "Unavailable"));
    private static final Map<String, String> EVERY_WRITE = new TreeMap<>(Map.of("400", "BadRequest", "413", "TooLarge",
            "415", "UnsupportedMediaType"));
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach((method, operation) -> {
            EVERY_OPERATION.forEach((status, response) -> declare(operation, status, response));
            if (WRITES.contains(method)) {
                EVERY_WRITE.forEach((status, response) -> declare(operation, status, response));
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
