package dev.convo.share;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.convo.error.Problem;
import dev.convo.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * The owner's share links of a conversation: make one, list them, revoke one.
 */
@Path("/conversations/{id}/shares")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shares")
public class ShareResource {

    private static final String USER_EMAIL = "user_email";

    private final ShareLinks links;
    private final Caller caller;

    ShareResource(ShareLinks links, Caller caller) {
        this.links = links;
        this.caller = caller;
    }

    @Operation(operationId = "shareConversation", summary = "Share a conversation by a link",
            description = "Makes a read-only snapshot of the branch shown, as it is now (its finished messages), under a new unguessable token; anyone with the link reads it at GET /shared/{token}, without identity. Later messages are not shared. The owner only.")
    @APIResponse(responseCode = "201", description = "The new link",
            content = @Content(schema = @Schema(implementation = ShareViews.LinkBody.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<ShareViews.LinkBody>> create(@PathParam("id") String id,
            @QueryParam(USER_EMAIL) String userEmail) {
        return links.create(id, caller.actAs(userEmail, USER_EMAIL)).map(share -> RestResponse
                .status(RestResponse.Status.CREATED, new ShareViews.LinkBody(ShareViews.Link.of(share))));
    }

    @Operation(operationId = "listShareLinks", summary = "The links a conversation is shared by",
            description = "The conversation's live share links, newest first.")
    @APIResponse(responseCode = "200", description = "The links",
            content = @Content(schema = @Schema(implementation = ShareViews.Links.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @GET
    public Uni<ShareViews.Links> list(@PathParam("id") String id, @QueryParam(USER_EMAIL) String userEmail) {
        return links.list(id, caller.actAs(userEmail, USER_EMAIL))
                .map(shares -> new ShareViews.Links(shares.stream().map(ShareViews.Link::of).toList()));
    }

    @Operation(operationId = "revokeShareLink", summary = "Revoke a share link",
            description = "The link stops working at once (404 share_not_found, as for a token never made). Deleting the conversation revokes all its links.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @DELETE
    @Path("{token}")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id, @PathParam("token") String token,
            @QueryParam(USER_EMAIL) String userEmail) {
        return links.revoke(id, token, caller.actAs(userEmail, USER_EMAIL)).map(done -> RestResponse.noContent());
    }
}
