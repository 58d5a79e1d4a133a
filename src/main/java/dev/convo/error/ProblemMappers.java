package dev.convo.error;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.quarkus.logging.Log;

/**
 * Turns every failure a request can meet into the one problem body, so no client ever sees a stack trace.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return toResponse(e);
    }

    /** The response a problem is answered with, for the filters that answer before any resource method. */
    public static Response toResponse(ProblemException e) {
        Response.ResponseBuilder response = respond(e.toProblem());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldName(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return respond(ProblemException.invalid(violations).toProblem()).build();
    }

    // Quarkus REST ships mappers for Jackson's exceptions; these take precedence so that every answer is a problem.

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response malformedJson(JsonParseException e) {
        return respond(Problem.of(ProblemCode.MALFORMED_JSON, "The request body is not valid JSON.")).build();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatchedJson(MismatchedInputException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return respond(Problem.of(ProblemCode.MALFORMED_JSON, "The request body has more after its JSON value.")).build();
        }
        String field = jsonPath(e);
        if (e instanceof UnrecognizedPropertyException) {
            return respond(ProblemException.invalidField(field, "is not a known field").toProblem()).build();
        }
        if (field.isEmpty()) {
            return respond(ProblemException.invalidField("body", "must be a JSON object").toProblem()).build();
        }
        return respond(ProblemException.invalidField(field, "has the wrong type").toProblem()).build();
    }

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response unreadable(JsonProcessingException e) {
        return respond(Problem.of(ProblemCode.MALFORMED_JSON, "The request body could not be read.")).build();
    }

    @ServerExceptionMapper
    public Response databaseDown(MongoTimeoutException e) {
        return databaseUnavailable(e);
    }

    @ServerExceptionMapper
    public Response databaseUnreachable(MongoSocketException e) {
        return databaseUnavailable(e);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonParseException parse) {
            return malformedJson(parse);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedJson(mismatch);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        ProblemCode code = codeFor(status);
        return respond(new ProblemException(code, detailFor(code)).toProblem()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Log.errorf(e, "Unexpected failure while serving a request");
        return respond(Problem.of(ProblemCode.INTERNAL_ERROR, "The request could not be completed."))
                .build();
    }

    private Response databaseUnavailable(RuntimeException e) {
        Log.warnf("MongoDB is unreachable: %s", e.getMessage());
        return respond(Problem.of(ProblemCode.DATABASE_UNAVAILABLE, "The database cannot be reached; try again shortly.")).header("Retry-After", 5).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    /** The code of a client error that the framework raised before any of our code ran. */
    private static ProblemCode codeFor(int status) {
        return switch (status) {
            case 401 -> ProblemCode.UNAUTHORIZED;
            case 403 -> ProblemCode.FORBIDDEN;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemCode.BAD_REQUEST;
        };
    }

    private static String detailFor(ProblemCode code) {
        return switch (code) {
            case UNAUTHORIZED -> "The request needs an identity.";
            case FORBIDDEN -> "This is not the caller's to do.";
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on this resource.";
            case NOT_ACCEPTABLE -> "The service answers in JSON or Server-Sent Events only.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            default -> "The request is not valid.";
        };
    }

    /** The JSON name of a violated field: the last node of the path, in the snake_case the API speaks. */
    private static String fieldName(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName() == null ? name : node.getName();
        }
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
