package dev.convo.stream;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.conversation.ConversationService;
import dev.convo.error.Problem;
import dev.convo.error.ProblemException;
import dev.convo.user.Emails;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP plumbing of event streams, in front of the resources:
 * <ul>
 * <li>a client may ask for a streamed turn with {@code "stream": true} in the body instead of
 * {@code Accept: text/event-stream}: the body of a turn is read first and the flag becomes the Accept header, so
 * content negotiation picks the streaming resource method either way;</li>
 * <li>a stream that would be refused (unknown user or conversation, another user's) is answered with its problem
 * status before the stream's 200 goes out;</li>
 * <li>every event stream is marked not to be buffered or cached by proxies.</li>
 * </ul>
 */
@ApplicationScoped
class StreamSelector {

    private static final Pattern STREAM_ROUTES = Pattern
            .compile("/conversations(?:/([^/]+)/messages(?:/([^/]+)/(?:regenerate|events))?)?/?");

    private final ObjectMapper json;
    private final ConversationService conversations;
    private final long maxBodySize;

    StreamSelector(ObjectMapper json, ConversationService conversations,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.json = json;
        this.conversations = conversations;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(StreamSelector::unbufferedStreams);
        router.routeWithRegex(HttpMethod.POST, STREAM_ROUTES.pattern()).order(Integer.MIN_VALUE + 2)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize))
                .handler(this::select);
        router.routeWithRegex(HttpMethod.GET, STREAM_ROUTES.pattern()).order(Integer.MIN_VALUE + 2)
                .handler(this::select);
    }

    private void select(RoutingContext context) {
        JsonNode body = parse(context.body().buffer());
        if (body.path("stream").asBoolean(false)) {
            context.request().headers().set(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        }
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        Matcher path = STREAM_ROUTES.matcher(context.normalizedPath());
        String email = context.queryParams().get("user_email");
        if (email == null && body.path("user_email").isTextual()) {
            email = body.path("user_email").asText();
        }
        if (accept == null || !accept.contains(MediaType.SERVER_SENT_EVENTS) || !path.matches() || email == null) {
            context.next(); // not a stream, or input the resource method refuses itself
            return;
        }
        Context caller = Vertx.currentContext();
        conversations.checkAccess(path.group(1), path.group(2), Emails.normalize(email))
                .emitOn(task -> caller.runOnContext(ignored -> task.run()))
                .subscribe().with(allowed -> context.next(), failure -> refuse(context, failure));
    }

    private void refuse(RoutingContext context, Throwable failure) {
        if (!(failure instanceof ProblemException problem)) {
            context.next(); // the resource meets the same failure and answers it
            return;
        }
        Problem body = problem.toProblem();
        try {
            context.response().setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    private JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0 || !body.toString().contains("\"")) {
            return json.missingNode();
        }
        try {
            JsonNode node = json.readTree(body.getBytes());
            return node == null ? json.missingNode() : node;
        } catch (IOException e) {
            return json.missingNode(); // not JSON: the resource method answers that
        }
    }

    /** Proxies (nginx, ingress controllers) must pass a stream on as it is written, not buffer or cache it. */
    private static void unbufferedStreams(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            String type = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.startsWith(MediaType.SERVER_SENT_EVENTS)) {
                context.response().putHeader("X-Accel-Buffering", "no").putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        });
        context.next();
    }
}
