package dev.convo.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected failure of a request, answered as a problem body with a code from the {@link ProblemCode} catalogue.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final int status;
    private final List<Problem.Violation> violations;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(ProblemCode code, String detail) {
        this(code, code.status(), detail, List.of());
    }

    /** A problem answered with one of the other statuses its code allows (llm_unavailable is 502 or 503). */
    public ProblemException(ProblemCode code, int status, String detail) {
        this(code, status, detail, List.of());
    }

    private ProblemException(ProblemCode code, int status, String detail, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        if (!code.allows(status)) {
            throw new IllegalArgumentException(code.code() + " is never answered with " + status);
        }
        this.code = code;
        this.status = status;
        this.violations = violations;
    }

    /** A request that breaks the rules of the API: 400 {@code validation_failed} naming the fields. */
    public static ProblemException invalid(List<Problem.Violation> violations) {
        return new ProblemException(ProblemCode.VALIDATION_FAILED, 400, "The request is not valid.", violations);
    }

    public static ProblemException invalidField(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemCode.FORBIDDEN, detail);
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

    public ProblemCode problemCode() {
        return code;
    }

    /** The code as clients see it. */
    public String code() {
        return code.code();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body this failure is answered with. */
    public Problem toProblem() {
        String title = status == code.status() ? code.title() : ProblemCode.reasonPhrase(status);
        return new Problem("/problems/" + code(), title, status, getMessage(), code(), violations,
                new LinkedHashMap<>(extensions));
    }
}
