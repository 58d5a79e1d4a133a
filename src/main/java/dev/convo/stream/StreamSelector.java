package dev.convo.stream;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP plumbing of event streams, in front of the resources:
 * <ul>
 * <li>a client may ask for a streamed turn with {@code "stream": true} in the body instead of
 * {@code Accept: text/event-stream}: the body of a turn is read first and the flag becomes the Accept header, so
 * content negotiation picks the streaming resource method either way;</li>
 * <li>every event stream is marked not to be buffered or cached by proxies.</li>
 * </ul>
 */
@ApplicationScoped
class StreamSelector {

    private static final String TURN_ROUTES = "/conversations(/[^/]+/messages(/[^/]+/regenerate)?)?/?";

    private final ObjectMapper json;

    StreamSelector(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(StreamSelector::unbufferedStreams);
        // after the body was read for every write (error.WellFormedBodies)
        router.routeWithRegex(HttpMethod.POST, TURN_ROUTES).order(Integer.MIN_VALUE + 5).handler(this::select);
    }

    private void select(RoutingContext context) {
        if (parse(context.body().buffer()).path("stream").asBoolean(false)) {
            context.request().headers().set(HttpHeaders.ACCEPT, MediaType.SERVER_SENT_EVENTS);
        }
        context.next();
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
