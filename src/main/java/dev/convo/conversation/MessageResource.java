package dev.convo.conversation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import dev.convo.config.ChatConfig;
import dev.convo.conversation.ConversationRequests.Post;
import dev.convo.conversation.ConversationRequests.Regenerate;
import dev.convo.conversation.ConversationResponses.Posted;
import dev.convo.conversation.ConversationResponses.Stopping;
import dev.convo.security.Actor;
import dev.convo.security.Caller;
import dev.convo.stream.CheckedBeforeStreaming;
import dev.convo.stream.ReplyFollower;
import dev.convo.stream.ReplyStreams;
import dev.convo.stream.SseResponses;
import dev.convo.turn.BranchTurns;
import dev.convo.turn.IdempotentTurns;
import dev.convo.turn.PlainReplies;
import dev.convo.turn.TurnService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The routes of one message: follow a reply's events (from any replica), stop it, write a new version of it, rate
 * it; edit a user message; switch to the branch through a message.
 */
@Path("/conversations/{id}/messages/{messageId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessageResource {

    private static final String USER_EMAIL = "user_email";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ConversationService conversations;
    private final TurnService turns;
    private final PlainReplies plainReplies;
    private final ReplyStreams replyStreams;
    private final ReplyFollower follower;
    private final SseResponses sseResponses;
    private final Caller caller;
    private final FeedbackService feedback;
    private final BranchTurns branchTurns;
    private final IdempotentTurns idempotency;
    private final ConversationViews views;
    private final ChatConfig config;

    MessageResource(ConversationService conversations, TurnService turns, PlainReplies plainReplies,
            ReplyStreams replyStreams, ReplyFollower follower, SseResponses sseResponses, Caller caller,
            FeedbackService feedback, BranchTurns branchTurns, IdempotentTurns idempotency, ConversationViews views,
            ChatConfig config) {
        this.feedback = feedback;
        this.branchTurns = branchTurns;
        this.idempotency = idempotency;
        this.views = views;
        this.config = config;
        this.conversations = conversations;
        this.turns = turns;
        this.plainReplies = plainReplies;
        this.replyStreams = replyStreams;
        this.follower = follower;
        this.sseResponses = sseResponses;
        this.caller = caller;
    }

    @Operation(operationId = "resumeStream", summary = "Follow a reply: replay it from the start or after Last-Event-ID, then live",
            description = "Server-Sent Events of one reply, from any replica: from the start, or after the event id given as Last-Event-ID (or last_event_id), then live until the reply ends.")
    @APIResponse(responseCode = "200", ref = "EventStream")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @QueryParam(USER_EMAIL) String userEmail, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("last_event_id") String lastEventIdParam, @Context Sse sse) {
        Actor actor = caller.actAs(userEmail, USER_EMAIL);
        String resumeAfter = lastEventId != null ? lastEventId : lastEventIdParam;
        return sseResponses.send(conversations.readableMessage(id, messageId, actor)
                .map(found -> follower.follow(found.message(), resumeAfter)), sse);
    }

    @Operation(operationId = "stopReply", summary = "Stop a reply being written, on whichever replica writes it",
            description = "Asks the replica writing the reply to stop it; the text so far is kept with status stopped, and its stream ends with done.")
    @APIResponse(responseCode = "202", description = "Stop requested",
            content = @Content(schema = @Schema(implementation = Stopping.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @POST
    @Path("stop")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Stopping>> stop(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @QueryParam(USER_EMAIL) String userEmail) {
        return replyStreams.requestStop(id, messageId, caller.actAs(userEmail, USER_EMAIL))
                .map(message -> RestResponse.status(RestResponse.Status.ACCEPTED, new Stopping(MessageView.of(message))));
    }

    @Operation(operationId = "regenerateReply", summary = "Write a new version of a reply",
            description = "Writes a new version of a reply, to the same user message, beside the earlier ones (kept, and listed under versions and versionIds); the branch with the new version is shown from then on (a new version of an earlier reply starts a branch). JSON (201) or streamed. 409 not_last_reply for a message that is not a reply, or when the branch moved on meanwhile.")
    @APIResponse(responseCode = "201", description = "The user's message and the new reply",
            content = @Content(schema = @Schema(implementation = Posted.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "502", ref = "ModelFailed")
    @APIResponse(responseCode = "503", ref = "ModelFailed")
    @APIResponse(responseCode = "504", ref = "ModelFailed")
    @POST
    @Path("regenerate")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    public Uni<RestResponse<Posted>> regenerate(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @QueryParam(USER_EMAIL) String userEmail, @RequestBody(required = false) Regenerate body) {
        return turns.regenerate(id, messageId, actor(userEmail, body), body == null ? null : body.model(), plainReplies)
                .map(turn -> RestResponse.status(RestResponse.Status.CREATED, Posted.of(turn)));
    }

    @Operation(summary = "Write a new version of a reply, streamed")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @POST
    @Path("regenerate")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseStatus(201)
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> regenerateStreamed(@PathParam("id") String id,
            @PathParam("messageId") String messageId, @QueryParam(USER_EMAIL) String userEmail,
            @RequestBody(required = false) Regenerate body,
            @Context Sse sse) {
        return sseResponses.send(turns.regenerate(id, messageId, actor(userEmail, body), body == null ? null : body.model(), replyStreams), sse);
    }

    @Operation(operationId = "editMessage", summary = "Edit one of your messages: a new version of it, and its reply, on a new branch",
            description = "Writes a new version of one of the caller's messages, following the same message as the earlier version (which is kept, with everything after it, on its branch), and the model's reply to it, seeing only the new branch: as JSON once written (201), or as Server-Sent Events (with Accept: text/event-stream or \"stream\": true). The new branch is shown from then on. Takes an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "The new version of the message and its reply",
            content = @Content(schema = @Schema(implementation = Posted.class)))
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
    @Path("edit")
    public Uni<Response> edit(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @Valid @NotNull Post body, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        Actor actor = caller.actAs(body.userEmail(), USER_EMAIL);
        return idempotency.once(idempotencyKey, actor.email(), new ConversationSettings(body.model(), null, null, null,
                null).fingerprinted(List.of("edit", id, messageId, body.text())),
                () -> branchTurns.edit(id, messageId, actor, body.text(), body.model(), plainReplies)
                        .map(turn -> Response.status(Response.Status.CREATED).entity(Posted.of(turn)).build()));
    }

    @Operation(summary = "Edit one of your messages, streaming the reply")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @POST
    @Path("edit")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseStatus(201)
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> editStreamed(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @Valid @NotNull Post body, @Context Sse sse) {
        return sseResponses.send(branchTurns.edit(id, messageId, caller.actAs(body.userEmail(), USER_EMAIL), body.text(),
                body.model(), replyStreams), sse);
    }

    @Operation(operationId = "activateBranch", summary = "Show the branch through a message (switch version)",
            description = "Shows the branch through this message (any version of a user message or a reply): from it, the newest version after it at every step. Later turns continue it, and the model sees it. Answers the conversation with the newest messages of that branch, as GET /conversations/{id} does.")
    @APIResponse(responseCode = "200", description = "The conversation and a page of its branch")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @POST
    @Path("activate")
    @Consumes(MediaType.WILDCARD)
    public Uni<ConversationResponses.Read> activate(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @QueryParam(USER_EMAIL) String userEmail) {
        Actor actor = caller.actAs(userEmail, USER_EMAIL);
        return conversations.activate(id, messageId, actor)
                .chain(() -> conversations.get(id, actor, config.defaultMessagePage(), null, null))
                .map(found -> new ConversationResponses.Read(views.view(found.conversation()),
                        MessageView.branchOf(found.messages(), found.versions()), found.nextCursor()));
    }

    @Operation(operationId = "rateReply", summary = "Rate a reply (thumbs up or down, with an optional comment)",
            description = "The owner's rating of one of the model's finished replies; a new rating replaces the earlier one. Shown on the message as feedback.")
    @APIResponse(responseCode = "200", description = "The rated reply")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @PUT
    @Path("feedback")
    public Uni<FeedbackViews.Rated> rate(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @Valid @NotNull FeedbackViews.Give body) {
        return feedback.give(id, messageId, caller.actAs(body.userEmail(), USER_EMAIL), body)
                .map(message -> new FeedbackViews.Rated(MessageView.of(message)));
    }

    @Operation(operationId = "clearReplyRating", summary = "Take back the rating of a reply",
            description = "Removes the owner's rating of the reply, if it has one.")
    @APIResponse(responseCode = "204", description = "No rating any more")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @DELETE
    @Path("feedback")
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> clearRating(@PathParam("id") String id, @PathParam("messageId") String messageId,
            @QueryParam(USER_EMAIL) String userEmail) {
        return feedback.clear(id, messageId, caller.actAs(userEmail, USER_EMAIL));
    }

    private Actor actor(String query, Regenerate body) {
        return caller.actAs(query != null ? query : body == null ? null : body.userEmail(), USER_EMAIL);
    }
}
