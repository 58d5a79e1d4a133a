package dev.convo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.convo.contract.Contract;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * A small Server-Sent Events client for tests: reads events as they come, and can leave in the middle.
 */
public final class SseClient implements AutoCloseable {

    /** One event as received; {@code comment} holds a heartbeat line's text. */
    public record Event(String id, String name, String data, String comment) {
        public JsonPath json() {
            return JsonPath.from(data);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    public static SseClient post(String path, Map<String, Object> body) {
        return post(uri(path), body);
    }

    public static SseClient post(URI uri, Map<String, Object> body) {
        return open(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(body).encode())));
    }

    /** Posts a streamed turn to the conversation and reads its events to the last one. */
    public static List<Event> turn(String conversationId, String email, String text) {
        try (SseClient stream = post("/conversations/" + conversationId + "/messages",
                Map.of("user_email", email, "text", text))) {
            return stream.until(event -> "end".equals(event.id()));
        }
    }

    public static SseClient get(String path, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return open(request);
    }

    /** Opens the stream; its status and content type, and then each event, are checked against the contract. */
    public static SseClient open(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<InputStream> response = HTTP.send(built, HttpResponse.BodyHandlers.ofInputStream());
            List<String> violations = Contract.published().violations(built.method(), built.uri().getRawPath(),
                    response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), null);
            if (!violations.isEmpty()) {
                throw new AssertionError("The answer breaks docs/openapi.yaml:\n  " + String.join("\n  ", violations));
            }
            return new SseClient(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081) + path);
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event or comment, or null at the end of the stream. */
    public Event next() {
        try {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null || name != null || id != null) {
                        return checked(new Event(id, name == null ? "message" : name, data == null ? null : data.toString(),
                                null));
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    return new Event(null, null, null, line.substring(1).strip());
                }
                String field = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
                String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).replaceFirst("^ ", "") : "";
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event, once its data is found to match the contract's schema for its name. */
    private Event checked(Event event) {
        List<String> violations = Contract.published().eventViolations(event.name(), event.data());
        if (!violations.isEmpty()) {
            throw new AssertionError("The event breaks docs/openapi.yaml:\n  " + String.join("\n  ", violations));
        }
        return event;
    }

    /** Events (not comments) until one matches, that one included. */
    public List<Event> until(Predicate<Event> last) {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = next()) != null) {
            if (event.comment() != null) {
                continue;
            }
            events.add(event);
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    /** Every event and comment to the end of the stream. */
    public List<Event> all() {
        List<Event> events = new ArrayList<>();
        Event event;
        while ((event = next()) != null) {
            events.add(event);
        }
        return events;
    }

    /** Leaves the stream, closing the connection. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
