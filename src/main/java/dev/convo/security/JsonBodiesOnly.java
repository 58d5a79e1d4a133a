package dev.convo.security;

import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.ChatConfig;
import dev.convo.config.ChatConfig.AuthMode;
import dev.convo.error.Problem;
import dev.convo.error.ProblemCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes take JSON only, declared as such: a body without {@code Content-Type: application/json} is 415. In header
 * mode, so is a bodiless write (restore, stop) that declares a form or plain text: those are the content types a
 * browser sends cross-site without asking first (a CORS "simple request"), and behind a proxy that authenticates
 * with a cookie no other site may make a user's browser post a turn, restore or stop. (In email mode a request names
 * its user anyway; in jwt mode a browser sends no bearer token of its own accord.)
 */
@ApplicationScoped
class JsonBodiesOnly {

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final Set<String> CROSS_SITE_TYPES = Set.of("application/x-www-form-urlencoded",
            "multipart/form-data", "text/plain");

    private final String refusal;
    private final boolean cookieAuthenticated;

    JsonBodiesOnly(ObjectMapper json, ChatConfig config) throws JsonProcessingException {
        this.cookieAuthenticated = config.auth().mode() == AuthMode.HEADER;
        this.refusal = json.writeValueAsString(Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as application/json."));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (WRITES.contains(request.method()) && !request.path().startsWith("/q/") && refused(request)) {
            context.response().setStatusCode(415).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(refusal);
            return;
        }
        context.next();
    }

    private boolean refused(HttpServerRequest request) {
        String type = mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
        return hasBody(request) ? !isJson(type) : cookieAuthenticated && CROSS_SITE_TYPES.contains(type);
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !"0".equals(length.strip()) : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean isJson(String type) {
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** The media type without its parameters, lower-cased; empty when none was declared. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
    }
}
