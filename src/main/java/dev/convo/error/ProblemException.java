package dev.convo.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected failure of a request, answered as a problem body with a stable code.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.Violation> violations;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of());
    }

    public ProblemException(int status, String code, String title, String detail, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.violations = violations;
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not Found", detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad Request", detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "validation_failed", "Bad Request", "The request is not valid.",
                List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    /** Adds a member to the problem body, such as the id of a message that was stored before the failure. */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** Asks the client to wait this long before trying again ({@code Retry-After}). */
    public ProblemException retryAfter(Duration delay) {
        return header("Retry-After", String.valueOf(Math.max(1, delay.toSeconds())));
    }

    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body this failure is answered with. */
    public Problem toProblem() {
        return new Problem("/problems/" + code, title, status, getMessage(), code, violations, new LinkedHashMap<>(extensions));
    }
}
