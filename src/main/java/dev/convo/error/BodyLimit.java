package dev.convo.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a declared body over the size limit with the problem body at once, before any of it is read.
 * (Vert.x would refuse it too, but with an empty answer and a dropped connection.)
 */
@ApplicationScoped
public class BodyLimit {

    private static final java.util.regex.Pattern STREAMED_IN = java.util.regex.Pattern.compile("/users/[^/]+/import/?");

    private final long maxBytes;
    private final String tooLarge;

    BodyLimit(dev.convo.config.ChatConfig config, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = config.maxBodySize().asLongValue();
        this.tooLarge = json.writeValueAsString(Problem.of(ProblemCode.PAYLOAD_TOO_LARGE,
                "The request body is larger than the service accepts."));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    /**
     * Whether the route reads its body as a stream under its own, larger limit instead (an import): it is neither
     * refused here nor read whole into memory before routing.
     */
    public static boolean isStreamedIn(String path) {
        return STREAMED_IN.matcher(path).matches();
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length) && !isStreamedIn(context.request().path())) {
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(tooLarge);
            return;
        }
        context.next();
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
