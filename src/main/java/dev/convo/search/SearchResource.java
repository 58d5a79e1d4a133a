package dev.convo.search;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.convo.conversation.ConversationView;
import dev.convo.conversation.ConversationViews;
import dev.convo.conversation.Paging;
import dev.convo.security.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Search of one user's conversations: by their titles and their messages' text, case- and accent-insensitive.
 */
@Path("/conversations/user/{email}/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class SearchResource {

    private final ConversationSearch search;
    private final ConversationViews views;
    private final Caller caller;

    SearchResource(ConversationSearch search, ConversationViews views, Caller caller) {
        this.search = search;
        this.views = views;
        this.caller = caller;
    }

    /** A conversation found, with the message that matched (none when its title did) and a snippet of the match. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SearchHit", requiredProperties = { "conversation", "field", "snippet" })
    public record HitView(ConversationView conversation,
            @Schema(enumeration = { "title", "message" }, description = "Where the query was found") String field,
            @Schema(description = "The newest matching message (when field is message)") String messageId,
            @Schema(enumeration = { "user", "assistant", "system" }) String role, Snippet snippet) {
    }

    /** A page of hits, most recently active conversation first. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SearchResults", requiredProperties = { "hits", "partial", "scanned" })
    public record Results(List<HitView> hits,
            @Schema(description = "Where the search goes on (absent when every conversation was searched)") String nextCursor,
            @Schema(description = "The page stopped early, at the cap on scanned messages or the time limit: follow nextCursor to search on") boolean partial,
            @Schema(description = "How many messages this page searched") long scanned) {
    }

    @Operation(operationId = "searchConversations", summary = "Search one user's conversations",
            description = "Finds the user's active conversations whose title or messages contain q (case- and accent-insensitive, whitespace-tolerant), most recently active first, one hit per conversation with a snippet. A page searches a bounded number of messages in a bounded time: when it stops early it is partial, and nextCursor goes on. Deleted conversations and other users' data never appear.")
    @APIResponse(responseCode = "200", description = "A page of hits",
            content = @Content(schema = @Schema(implementation = Results.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @GET
    public Uni<Results> search(@PathParam("email") String email,
            @QueryParam("q") @Parameter(required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = ConversationSearch.MAX_QUERY_LENGTH)) String q,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) String limit,
            @QueryParam("cursor") String cursor) {
        String owner = caller.requireReadAccessTo(email);
        return search.search(owner, q, Paging.limit(limit, 20), cursor).map(found -> new Results(
                found.hits().stream().map(this::view).toList(), found.nextCursor(), found.partial(), found.scanned()));
    }

    private HitView view(ConversationSearch.Hit hit) {
        Snippet snippet = Snippet.around(hit.text(), hit.match());
        return hit.message() == null ? new HitView(views.view(hit.conversation()), "title", null, null, snippet)
                : new HitView(views.view(hit.conversation()), "message", hit.message().id.toHexString(),
                        hit.message().role.name().toLowerCase(java.util.Locale.ROOT), snippet);
    }
}
