package dev.convo.error;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one error body of the API: RFC 9457 problem details plus a stable machine {@code code}.
 */
@RegisterForReflection // written by exception mappers and Vert.x filters, outside resource signatures (native mode)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({ "type", "title", "status", "detail", "code", "violations" })
public record Problem(String type, String title, int status, String detail, String code,
        List<Violation> violations, @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request. */
    @RegisterForReflection
    public record Violation(String field, String message) {
    }

    /** The body of a problem that carries nothing but its code and detail. */
    public static Problem of(ProblemCode code, String detail) {
        return new ProblemException(code, detail).toProblem();
    }
}
