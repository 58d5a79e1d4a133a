package dev.convo.conversation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.convo.conversation.ConversationRequests.Regenerate;
import dev.convo.conversation.ConversationResponses.Posted;
import dev.convo.conversation.ConversationResponses.Stopping;
import dev.convo.security.Actor;
import dev.convo.security.Caller;
import dev.convo.stream.CheckedBeforeStreaming;
import dev.convo.stream.ReplyFollower;
import dev.convo.stream.ReplyStreams;
import dev.convo.stream.SseResponses;
import dev.convo.turn.PlainReplies;
import dev.convo.turn.TurnService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The routes of one reply: follow its events (from any replica), stop it, write a new version of it.
 */
@Path("/conversations/{id}/messages/{messageId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessageResource {

    private static final String USER_EMAIL = "user_email";

    private final ConversationService conversations;
    private final TurnService turns;
    private final PlainReplies plainReplies;
    private final ReplyStreams replyStreams;
    private final ReplyFollower follower;
    private final SseResponses sseResponses;
    private final Caller caller;

    MessageResource(ConversationService conversations, TurnService turns, PlainReplies plainReplies,
            ReplyStreams replyStreams, ReplyFollower follower, SseResponses sseResponses, Caller caller) {
        this.conversations = conversations;
        this.turns = turns;
        this.plainReplies = plainReplies;
        this.replyStreams = replyStreams;
        this.follower = follower;
        this.sseResponses = sseResponses;
        this.caller = caller;
    }

    @Operation(summary = "Follow a reply: replay it from the start or after Last-Event-ID, then live")
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

    @Operation(summary = "Stop a reply being written, on whichever replica writes it")
    @APIResponse(responseCode = "202", description = "Stop requested")
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

    @Operation(summary = "Write a new version of the last reply")
    @APIResponse(responseCode = "201", description = "The user's message and the new reply")
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
            @QueryParam(USER_EMAIL) String userEmail, Regenerate body) {
        return turns.regenerate(id, messageId, actor(userEmail, body), plainReplies)
                .map(turn -> RestResponse.status(RestResponse.Status.CREATED, Posted.of(turn)));
    }

    @Operation(summary = "Write a new version of the last reply, streamed")
    @APIResponse(responseCode = "200", ref = "EventStream")
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
    @CheckedBeforeStreaming
    public Multi<OutboundSseEvent> regenerateStreamed(@PathParam("id") String id,
            @PathParam("messageId") String messageId, @QueryParam(USER_EMAIL) String userEmail, Regenerate body,
            @Context Sse sse) {
        return sseResponses.send(turns.regenerate(id, messageId, actor(userEmail, body), replyStreams), sse);
    }

    private Actor actor(String query, Regenerate body) {
        return caller.actAs(query != null ? query : body == null ? null : body.userEmail(), USER_EMAIL);
    }
}
