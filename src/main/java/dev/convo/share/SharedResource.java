package dev.convo.share;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The public side of share links: a shared conversation, to anyone with its link.
 */
@Path("/shared")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "shares")
public class SharedResource {

    private final ShareLinks links;
    private final PublicReadLimit limit;

    SharedResource(ShareLinks links, PublicReadLimit limit) {
        this.links = links;
        this.limit = limit;
    }

    @Operation(operationId = "readSharedConversation", summary = "A shared conversation (public)",
            description = "The snapshot a share link names: its title and messages (role, text, time, model), with no address, user, id or usage. No identity needed. A revoked or unknown token is 404 share_not_found. Reads are limited per client address (429 rate_limited).")
    @APIResponse(responseCode = "200", description = "The shared conversation",
            content = @Content(schema = @Schema(implementation = ShareViews.Shared.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @GET
    @Path("{token}")
    public Uni<RestResponse<ShareViews.Shared>> read(@PathParam("token") String token,
            @jakarta.ws.rs.core.Context HttpServerRequest request) {
        limit.admit(request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        return links.read(token).map(share -> RestResponse.ResponseBuilder.ok(ShareViews.Shared.of(share))
                // a revoked link must stop at once: no copy kept on the way; the token stays out of referrers
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex").build());
    }
}
