package dev.convo.portability;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.convo.conversation.Ownership;
import dev.convo.security.Caller;
import dev.convo.user.User;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Imports of conversations into a user's account.
 */
@Path("/users/{email}/import")
@Tag(name = "data")
public class ImportResource {

    private final UserImport imports;
    private final Caller caller;

    ImportResource(UserImport imports, Caller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    /** What an import stored. */
    @RegisterForReflection
    @Schema(name = "ImportResult", requiredProperties = { "source", "imported", "alreadyImported", "empty", "messages" })
    public record ImportResult(@Schema(enumeration = { "convo-export/1", "chatgpt" }) String source,
            @Schema(description = "Conversations stored now") int imported,
            @Schema(description = "Conversations a previous import of the same file stored already (left as they are)") int alreadyImported,
            @Schema(description = "Conversations with no text message to keep (left out)") int empty,
            @Schema(description = "Messages stored now") long messages) {
    }

    @Operation(operationId = "importConversations", summary = "Import conversations: this service's export, or ChatGPT's conversations.json",
            description = "Takes this service's own export (GET /users/{email}/export) or the conversations.json of a ChatGPT data export (its mapping tree becomes branches; times are kept). The whole file is checked first: any problem is a 400 naming its position (e.g. [3].mapping.ab12.message.author.role), and nothing is stored. Importing the same file again stores nothing new; an import cut short is finished by the next. At most CHAT_IMPORT_MAX_BYTES (413 beyond). No model is called and no quota is counted. The user only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "ImportFile")))
    @APIResponse(responseCode = "200", description = "What was stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportResult.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ImportResult importFile(@PathParam("email") String email, InputStream body) throws IOException {
        String owner = Ownership.writer(caller.actAs(email, "email"));
        User user = User.requireByEmail(owner).await().atMost(java.time.Duration.ofSeconds(30));
        UserImport.Result result = imports.run(user, body);
        return new ImportResult(result.source().shown, result.imported(), result.alreadyImported(), result.empty(),
                result.messages());
    }
}
