package dev.convo.portability;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.convo.conversation.Branches;
import dev.convo.conversation.Ownership;
import dev.convo.error.Problem;
import dev.convo.error.ProblemException;
import dev.convo.security.Caller;
import dev.convo.user.User;

/**
 * The export of everything held about a user, as one JSON document.
 */
@Path("/users/{email}/export")
@Tag(name = "data")
public class UserExportResource {

    /** How long the database may take to hand over what an export needs before the request gives up. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final UserExport export;
    private final Caller caller;

    UserExportResource(UserExport export, Caller caller) {
        this.export = export;
        this.caller = caller;
    }

    @Operation(operationId = "exportUser", summary = "Everything held about a user, as one JSON document",
            description = "The user, every conversation (deleted ones still kept too) with every message of every branch and version (feedback, settings and usage included), daily usage and live share links. Streamed as it is read: any size is served in a few MiB of memory. The user or an administrator (GDPR articles 15 and 20). POST /users/{email}/import reads it back.")
    @APIResponse(responseCode = "200", description = "The export",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportFormat.Document.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @GET
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Response exportUser(@PathParam("email") String email) {
        User user = User.requireByEmail(caller.requireReadAccessTo(email)).await().atMost(READ_TIMEOUT);
        StreamingOutput body = out -> export.write(user, out);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"export.json\"")
                .header("Cache-Control", "no-store").build();
    }

}
