package dev.convo.web;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.convo.config.ChatConfig;
import dev.convo.error.Problem;
import dev.convo.error.ProblemCode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the web client's files (the page at /, its modules under /app/, its libraries under /_static/), which
 * Quarkus serves from META-INF/resources: a 404 problem when CHAT_WEB_CLIENT is off, and otherwise the page's
 * security headers, a strict Content-Security-Policy first (no inline script, no other origin, trusted types).
 */
@ApplicationScoped
class WebClientRoutes {

    private static final Pattern PAGE_FILES = Pattern.compile("/(index\\.html)?|/app/.*|/_static/.*");

    /**
     * Scripts and styles from this origin only, and HTML reaches the DOM only through the sanitizer's trusted-types
     * policy; images of model output may not call other sites (no tracking pixels, no data leaking in a URL).
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types dompurify");

    private final boolean enabled;
    private final String notFound;

    WebClientRoutes(ChatConfig config, ObjectMapper json) throws JsonProcessingException {
        this.enabled = config.webClient();
        this.notFound = json.writeValueAsString(Problem.of(ProblemCode.NOT_FOUND, "No such resource."));
    }

    void install(@Observes Router router) {
        router.routeWithRegex(PAGE_FILES.pattern()).order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        if (!enabled) {
            context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(notFound);
            return;
        }
        MultiMap headers = context.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        // a new version of the page is picked up at the next load; files are revalidated by their ETag
        headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        context.next();
    }
}
