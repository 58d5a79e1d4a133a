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
 * The export of one conversation: its branch shown as Markdown, or every message as JSON.
 */
@Path("/conversations/{id}/export")
@Tag(name = "data")
public class ConversationExportResource {

    static final String MARKDOWN = "text/markdown";
    /** The longest branch a Markdown export writes. */
    private static final int MAX_MARKDOWN_MESSAGES = 100_000;
    private static final Duration READ_TIMEOUT = UserExportResource.READ_TIMEOUT;

    private final UserExport export;
    private final Caller caller;

    ConversationExportResource(UserExport export, Caller caller) {
        this.export = export;
        this.caller = caller;
    }

    @Operation(operationId = "exportConversation", summary = "One conversation, as Markdown or JSON",
            description = "format=markdown (the default): the branch shown, as a Markdown document (finished messages, under their authors' names). format=json: the conversation with every message of every branch, as in the user's export.")
    @APIResponse(responseCode = "200", description = "The conversation", content = {
            @Content(mediaType = MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExportFormat.ExportedConversation.class)) })
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @GET
    @Produces({ MARKDOWN, MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Response exportConversation(@PathParam("id") String id, @QueryParam("user_email") String userEmail,
            @QueryParam("format") @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = { "markdown", "json" }, defaultValue = "markdown")) String format) {
        boolean markdown = format == null || format.isEmpty() || format.equals("markdown");
        if (!markdown && !format.equals("json")) {
            throw ProblemException.invalidField("format", "must be markdown or json");
        }
        ObjectId conversationId = Ownership.conversationId(id);
        var conversation = Ownership.ownedConversation(conversationId, caller.actAs(userEmail, "user_email"), false)
                .await().atMost(READ_TIMEOUT);
        String file = "conversation-" + conversation.id.toHexString();
        if (markdown) {
            String text = ConversationMarkdown.of(conversation,
                    Branches.shown(conversation, MAX_MARKDOWN_MESSAGES).await().atMost(READ_TIMEOUT));
            return Response.ok(text, MARKDOWN + ";charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".md\"").build();
        }
        StreamingOutput body = out -> export.writeConversation(conversation, out);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"" + file + ".json\"").build();
    }
}
