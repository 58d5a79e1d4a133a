package dev.convo.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The published contract (docs/openapi.yaml), as a judge of one HTTP exchange: the route and method are declared,
 * the status is one the operation declares, the content type is one that answer declares, and a JSON body matches
 * its schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1). Routes of the framework ({@code /q/...}) and the web
 * client's files ({@code /}, {@code /app/...}, {@code /_static/...}) are not in the contract.
 */
public final class Contract {

    private static final Pattern WEB_CLIENT_FILES = Pattern.compile(
            "/(index\\.html)?|/app/.*|/_static/.*");

    private static final Contract PUBLISHED = new Contract(Path.of("docs", "openapi.yaml"));

    private final JsonNode document;
    private final JsonNode schemas;
    private final List<Route> routes = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final ObjectMapper json = new ObjectMapper();

    /** A path of the contract as a pattern; the more literal segments, the more specific. */
    private record Route(String template, Pattern pattern, long literals) {
    }

    Contract(Path file) {
        try {
            // references to components become references to $defs, so that each schema can stand alone
            String text = Files.readString(file)
                    .replace("#/components/schemas/", "#/$defs/");
            this.document = new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemas = document.at("/components/schemas");
        document.get("paths").fieldNames().forEachRemaining(template -> routes.add(new Route(template,
                Pattern.compile("^" + template.replaceAll("\\{[^/]+}", "[^/]+") + "$"),
                List.of(template.split("/")).stream().filter(part -> !part.startsWith("{")).count())));
        routes.sort(Comparator.comparingLong(Route::literals).reversed());
    }

    public static Contract published() {
        return PUBLISHED;
    }

    /** What is wrong with this exchange, as the contract sees it; empty when nothing is. */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        if (path.startsWith("/q/") || WEB_CLIENT_FILES.matcher(path).matches()) {
            return List.of();
        }
        Optional<Route> route = routes.stream().filter(candidate -> candidate.pattern().matcher(path).matches()).findFirst();
        String exchange = method + " " + path + " → " + status;
        if (route.isEmpty()) {
            return status == 404 || status == 405 ? List.of() : List.of(exchange + ": no such route in the contract");
        }
        JsonNode operation = document.get("paths").get(route.get().template()).get(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            return status == 405 ? List.of() : List.of(exchange + ": the route declares no " + method);
        }
        JsonNode response = resolve(operation.path("responses").path(String.valueOf(status)));
        if (response.isMissingNode()) {
            return List.of(exchange + ": status not declared (declared: "
                    + iterable(operation.path("responses").fieldNames()) + ")");
        }
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        String media = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content").path(media);
        if (content.isMissingNode()) {
            return List.of(exchange + ": content type " + media + " not declared (declared: "
                    + iterable(response.path("content").fieldNames()) + ")");
        }
        if (!media.endsWith("json") || !content.has("schema")) {
            return List.of();
        }
        return validate(content.get("schema"), body).stream().map(message -> exchange + ": " + message).toList();
    }

    /**
     * The response, once found to be one the contract declares for its request (a String body is checked against its
     * schema; other bodies are not read); an AssertionError otherwise.
     */
    public static <T> HttpResponse<T> checked(HttpResponse<T> response) {
        String body = response.body() instanceof String text ? text : null;
        List<String> violations = PUBLISHED.violations(response.request().method(), response.request().uri().getRawPath(),
                response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), body);
        if (!violations.isEmpty()) {
            throw new AssertionError("The answer breaks docs/openapi.yaml:\n  " + String.join("\n  ", violations));
        }
        return response;
    }

    /** What is wrong with one event of a stream: an event name the protocol does not have, or data off its schema. */
    public List<String> eventViolations(String name, String data) {
        JsonNode event = document.at("/components/responses/EventStream/content/text~1event-stream/x-sse-events")
                .path(name);
        if (event.isMissingNode()) {
            return List.of("event " + name + ": not an event of the stream protocol");
        }
        return validate(event.get("data"), data).stream().map(message -> "event " + name + ": " + message).toList();
    }

    private List<String> validate(JsonNode schema, String body) {
        ObjectNode standalone = schema.deepCopy();
        standalone.set("$defs", schemas);
        standalone.set("$schema", TextNode.valueOf("https://json-schema.org/draft/2020-12/schema"));
        try {
            Set<ValidationMessage> messages = factory.getSchema(standalone).validate(json.readTree(body));
            return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
    }

    /** A response object, following its reference to components.responses. */
    private JsonNode resolve(JsonNode response) {
        JsonNode ref = response.path("$ref");
        return ref.isTextual() ? document.at(ref.asText().substring(1)) : response;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
