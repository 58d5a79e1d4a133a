package dev.convo.stream;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.bson.types.ObjectId;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.convo.conversation.Ownership;
import dev.convo.error.ProblemException;
import dev.convo.error.ProblemMappers;
import dev.convo.security.Actor;
import dev.convo.security.Caller;
import dev.convo.user.Emails;
import dev.convo.user.User;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Checks a stream's access (the user exists, the conversation or message is the caller's) before the stream's
 * 200 goes out, so a refused stream is answered with its problem status, like any other request. The resource
 * checks again in the same way; this only moves the answer before the response starts.
 */
class StreamPrecheck {

    private final Caller caller;
    private final CurrentVertxRequest request;

    StreamPrecheck(Caller caller, CurrentVertxRequest request) {
        this.caller = caller;
        this.request = request;
    }

    @CheckedBeforeStreaming
    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    Uni<Response> check(ContainerRequestContext context) {
        try {
            if (HttpMethod.GET.equals(context.getMethod())) {
                FollowedReply.offsetAfter(lastEventId(context)); // a malformed one is a 400, not an empty stream
            }
            Actor actor = caller.actAs(claimedEmail(context), "user_email");
            String conversationId = context.getUriInfo().getPathParameters().getFirst("id");
            String messageId = context.getUriInfo().getPathParameters().getFirst("messageId");
            boolean write = HttpMethod.POST.equals(context.getMethod());
            return checkAccess(conversationId, messageId, actor, write)
                    .map(allowed -> (Response) null)
                    .onFailure(ProblemException.class)
                    .recoverWithItem(failure -> ProblemMappers.toResponse((ProblemException) failure));
        } catch (ProblemException e) {
            return Uni.createFrom().item(ProblemMappers.toResponse(e));
        }
    }

    /**
     * Passes when the caller may stream from here: the user exists (no conversation named), the conversation is
     * theirs, or the message is in their conversation. Fails with the problem the stream would meet.
     */
    private static Uni<Void> checkAccess(String conversationId, String messageId, Actor actor, boolean write) {
        if (conversationId == null) {
            return User.requireByEmail(Ownership.writer(actor)).replaceWithVoid();
        }
        ObjectId id = Ownership.conversationId(conversationId);
        if (messageId == null) {
            return Ownership.ownedConversation(id, actor, write).replaceWithVoid();
        }
        return Ownership.ownedMessage(id, Ownership.messageId(messageId), actor, write).replaceWithVoid();
    }

    private static String lastEventId(ContainerRequestContext context) {
        String header = context.getHeaderString("Last-Event-ID");
        return header != null ? header : context.getUriInfo().getQueryParameters().getFirst("last_event_id");
    }

    /**
     * user_email from the query or from the JSON body (already read before routing, see StreamSelector); a request
     * naming two different users is refused rather than streamed for either.
     */
    private String claimedEmail(ContainerRequestContext context) {
        String fromQuery = context.getUriInfo().getQueryParameters().getFirst("user_email");
        String fromBody = bodyEmail();
        if (fromQuery != null && fromBody != null && !Emails.normalize(fromQuery).equals(Emails.normalize(fromBody))) {
            throw ProblemException.invalidField("user_email", "differs between the query and the body");
        }
        return fromQuery != null ? fromQuery : fromBody;
    }

    private String bodyEmail() {
        Buffer body = request.getCurrent().body().buffer();
        try {
            Object email = body == null || body.length() == 0 ? null : new JsonObject(body).getValue("user_email");
            return email instanceof String text ? text : null;
        } catch (RuntimeException e) {
            return null; // not a JSON object: the resource method answers that
        }
    }
}
