package dev.convo.conversation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import dev.convo.config.ChatConfig;
import dev.convo.error.Problem;
import dev.convo.conversation.ConversationRequests.Delete;
import dev.convo.conversation.ConversationRequests.Post;
import dev.convo.conversation.ConversationRequests.Update;
import dev.convo.conversation.ConversationRequests.Start;
import dev.convo.conversation.ConversationResponses.ConversationBody;
import dev.convo.conversation.ConversationResponses.Listed;
import dev.convo.conversation.ConversationResponses.Owner;
import dev.convo.conversation.ConversationResponses.OwnedBy;
import dev.convo.conversation.ConversationResponses.Posted;
import dev.convo.conversation.ConversationResponses.Read;
import dev.convo.conversation.ConversationResponses.Started;
import dev.convo.security.Actor;
import dev.convo.security.Caller;
import dev.convo.stream.CheckedBeforeStreaming;
import dev.convo.stream.ReplyStreams;
import dev.convo.stream.SseResponses;
import dev.convo.turn.IdempotentTurns;
import dev.convo.turn.PlainReplies;
import dev.convo.turn.TurnService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The conversation routes: start, list, read, add a message, delete. A turn is answered as JSON, or as
 * Server-Sent Events when the client accepts {@code text/event-stream} or sends {@code "stream": true}.
 */
@Path("/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "conversations")
public class ConversationResource {

    private static final String USER_EMAIL = "user_email";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ConversationService conversations;
    private final TurnService turns;
    private final PlainReplies plainReplies;
    private final ReplyStreams replyStreams;
    private final SseResponses sseResponses;
    private final Caller caller;
    private final IdempotentTurns idempotency;
    private final ChatConfig config;
    private final ConversationViews views;

    ConversationResource(ConversationService conversations, TurnService turns, PlainReplies plainReplies,
            ReplyStreams replyStreams, SseResponses sseResponses, Caller caller, IdempotentTurns idempotency,
            ChatConfig config, ConversationViews views) {
        this.conversations = conversations;
        this.turns = turns;
        this.plainReplies = plainReplies;
        this.replyStreams = replyStreams;
        this.sseResponses = sseResponses;
        this.caller = caller;
        this.idempotency = idempotency;
        this.config = config;
        this.views = views;
    }

    private ConversationView view(Conversation conversation) {
        return views.view(conversation);
    }

    @Operation(operationId = "startConversation", summary = "Start a conversation with its first message and the model's reply",
            description = "Creates a conversation owned by the caller with its first user message, and the model's reply: as JSON once written (201), or as Server-Sent Events while it is written (200, with Accept: text/event-stream or \"stream\": true). Takes an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The conversation and its first turn",
            content = @Content(schema = @Schema(implementation = Started.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "502", ref = "ModelFailed")
    @APIResponse(responseCode = "503", ref = "ModelFailed")
    @APIResponse(responseCode = "504", ref = "ModelFailed")
    @POST
    public Uni<Response> start(@Valid @NotNull Start body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = caller.actAs(body.userEmail(), USER_EMAIL);
        return idempotency.once(idempotencyKey, actor.email(), body.settings().fingerprinted(List.of("start", body.firstMessage())),
                () -> turns.start(actor, body.firstMessage(), body.settings(), plainReplies)
                        .map(turn -> Response.status(Response.Status.CREATED)
                                .entity(new Started(view(turn.conversation()), ConversationResponses.views(turn))).build()));
    }

    @Operation(summary = "Start a conversation, streaming the reply")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseStatus(201)
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> startStreamed(@Valid @NotNull Start body, @Context Sse sse) {
        return sseResponses.send(turns.start(caller.actAs(body.userEmail(), USER_EMAIL), body.firstMessage(), body.settings(),
                replyStreams), sse);
    }

    @Operation(operationId = "listAllConversations", summary = "Every user's conversations (administrators)",
            description = "A numbered page of every user's active conversations, most recently active first. Administrators only.")
    @APIResponse(responseCode = "200", description = "A page of conversations")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @GET
    public Uni<Listed> listAll(@QueryParam("page") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100000", defaultValue = "1")) String page,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) String limit) {
        caller.requireAdmin();
        return conversations.listAll(Paging.page(page), Paging.limit(limit, 20))
                .map(found -> new Listed(found.page(), found.limit(), found.total(),
                        (long) found.page() * found.limit() < found.total(),
                        found.items().stream().map(this::view).toList()));
    }

    @Operation(operationId = "listUserConversations", summary = "One user's conversations, most recently active first",
            description = "A page of the user's active conversations, most recently active first, with a cursor to the next page.")
    @APIResponse(responseCode = "200", description = "A page of conversations")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @GET
    @Path("user/{email}")
    public Uni<OwnedBy> listByUser(@PathParam("email") String email,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) String limit,
            @QueryParam("cursor") String cursor) {
        return conversations.listByUser(caller.requireReadAccessTo(email), Paging.limit(limit, 20), cursor)
                .map(found -> new OwnedBy(new Owner(found.user().id.toHexString(), found.user().email), found.total(),
                        found.items().stream().map(this::view).toList(), found.nextCursor()));
    }

    @Operation(operationId = "getConversation", summary = "A conversation with its newest messages",
            description = "The conversation and the newest messages of the branch shown (or of the branch ending at leaf), oldest first; nextCursor pages back to older ones. Each message says which of its versions it is (versionIndex of versionCount, versionIds, for edits and new versions alike); other versions of a reply are also listed under it in versions. A conversation stored before branches reads as a line, as it did.")
    @APIResponse(responseCode = "200", description = "The conversation and a page of messages")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @GET
    @Path("{id}")
    public Uni<Read> get(@PathParam("id") String id, @QueryParam(USER_EMAIL) String userEmail,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "100")) String limit, @QueryParam("cursor") String cursor,
            @QueryParam("leaf") @Parameter(description = "A message id: read the branch that ends with it, without switching to it") String leaf) {
        return conversations
                .get(id, caller.actAs(userEmail, USER_EMAIL), Paging.limit(limit, config.defaultMessagePage()), cursor, leaf)
                .map(found -> new Read(view(found.conversation()), found.versions() == null
                        ? MessageView.listOf(found.messages()) : MessageView.branchOf(found.messages(), found.versions()),
                        found.nextCursor()));
    }

    @Operation(operationId = "postMessage", summary = "Add a message and get the model's reply",
            description = "Adds the caller's message and the model's reply: as JSON once written (201), or as Server-Sent Events while it is written (200). When the model fails, the message is stored and the problem carries its ids. Takes an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The user's message and the reply",
            content = @Content(schema = @Schema(implementation = Posted.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "502", ref = "ModelFailed")
    @APIResponse(responseCode = "503", ref = "ModelFailed")
    @APIResponse(responseCode = "504", ref = "ModelFailed")
    @POST
    @Path("{id}/messages")
    public Uni<Response> post(@PathParam("id") String id, @Valid @NotNull Post body,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = caller.actAs(body.userEmail(), USER_EMAIL);
        return idempotency.once(idempotencyKey, actor.email(), new ConversationSettings(body.model(), null, null, null, null).fingerprinted(List.of("post", id, body.text())),
                () -> turns.post(id, actor, body.text(), body.model(), plainReplies)
                        .map(turn -> Response.status(Response.Status.CREATED).entity(Posted.of(turn)).build()));
    }

    @Operation(summary = "Add a message, streaming the reply")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @POST
    @Path("{id}/messages")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseStatus(201)
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> postStreamed(@PathParam("id") String id, @Valid @NotNull Post body,
            @Context Sse sse) {
        return sseResponses.send(turns.post(id, caller.actAs(body.userEmail(), USER_EMAIL), body.text(), body.model(), replyStreams),
                sse);
    }

    @Operation(operationId = "updateConversation", summary = "Rename a conversation or change its settings",
            description = "Gives the conversation a title of the owner's own (a generated title never replaces it), and changes the settings its next replies are written with: model, system_prompt, temperature, top_p, max_tokens (checked against the model's limits; an unknown or non-pickable model is 400 unknown_model). Fields left out are left as they are; reset sets settings back to their defaults.")
    @APIResponse(responseCode = "200", description = "The conversation")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @PATCH
    @Path("{id}")
    public Uni<ConversationBody> update(@PathParam("id") String id, @Valid @NotNull Update body) {
        return conversations.update(id, caller.actAs(body.userEmail(), USER_EMAIL), body)
                .map(conversation -> new ConversationBody(view(conversation)));
    }

    @Operation(operationId = "restoreConversation", summary = "Undo the soft delete of a conversation",
            description = "Brings a deleted conversation back, while it is still kept.")
    @APIResponse(responseCode = "200", description = "The conversation")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @POST
    @Path("{id}/restore")
    @Consumes(MediaType.WILDCARD)
    public Uni<ConversationBody> restore(@PathParam("id") String id, @QueryParam(USER_EMAIL) String userEmail) {
        return conversations.restore(id, caller.actAs(userEmail, USER_EMAIL))
                .map(conversation -> new ConversationBody(view(conversation)));
    }

    @Operation(operationId = "deleteConversation", summary = "Delete a conversation (soft delete)",
            description = "Hides the conversation from the API; it is kept (and can be restored) until the retention purges it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @DELETE
    @Path("{id}")
    // nothing is answered on success: a client that accepts only the problem body (as generated ones do) is served
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @QueryParam(USER_EMAIL) String userEmail,
            @RequestBody(required = false) Delete body) {
        String email = userEmail != null ? userEmail : body == null ? null : body.userEmail();
        return conversations.delete(id, caller.actAs(email, USER_EMAIL)).map(done -> RestResponse.noContent());
    }
}
