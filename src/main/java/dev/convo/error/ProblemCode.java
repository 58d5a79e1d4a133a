package dev.convo.error;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every problem {@code code} the API answers or stores, with its HTTP status and title: the one catalogue that the
 * README's error table and {@code docs/openapi.yaml} are checked against. A code that can carry more than one status
 * lists the others; the title then follows the status.
 */
public enum ProblemCode {

    VALIDATION_FAILED(400),
    MALFORMED_JSON(400),
    /** A model that is not in the catalogue, or that users may not pick. */
    UNKNOWN_MODEL(400),
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    USER_NOT_FOUND(404),
    CONVERSATION_NOT_FOUND(404),
    MESSAGE_NOT_FOUND(404),
    /** A share link never made, revoked, or of a deleted conversation. */
    SHARE_NOT_FOUND(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    USER_EXISTS(409),
    NOT_STREAMING(409),
    NOT_LAST_REPLY(409),
    REPLY_IN_PROGRESS(409),
    NOT_DELETED(409),
    /** The user is being erased: their data is going, and nothing new of theirs is written meanwhile. */
    USER_ERASING(409),
    IDEMPOTENCY_KEY_IN_PROGRESS(409),
    PAYLOAD_TOO_LARGE(413),
    CONTEXT_TOO_LONG(413, "Content Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415),
    IDEMPOTENCY_KEY_REUSED(422),
    /** A conversation too long to be shared as one snapshot. */
    SHARE_TOO_LARGE(422),
    /** A search that could not scan anything within its time limit. */
    SEARCH_TOO_COSTLY(422),
    /** The model refused this request (its 4xx): the message may need to change; {@code reason} says why. */
    LLM_REJECTED(422),
    RATE_LIMITED(429),
    QUOTA_EXCEEDED(429),
    INTERNAL_ERROR(500),
    LLM_UNAVAILABLE(502, null, 503),
    LLM_TIMEOUT(504),
    LLM_NOT_CONFIGURED(503),
    DATABASE_UNAVAILABLE(503),
    SHUTTING_DOWN(503),
    /** Stored on a streamed reply its instance could not finish before shutting down; sent as an error event. */
    SERVER_SHUTDOWN(503),
    /** Stored on a streamed reply whose writer stopped saving it (its replica died); sent as an error event. */
    GENERATION_LOST(502);

    private final int status;
    private final String title;
    private final Set<Integer> otherStatuses;

    ProblemCode(int status) {
        this(status, null);
    }

    ProblemCode(int status, String title, Integer... otherStatuses) {
        this.status = status;
        this.title = title == null ? reasonPhrase(status) : title;
        this.otherStatuses = Set.of(otherStatuses);
    }

    /** The code as clients see it, e.g. {@code conversation_not_found}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Whether this code may be answered with {@code other}, a status besides its own. */
    public boolean allows(int other) {
        return other == status || otherStatuses.contains(other);
    }

    /** The catalogue entry of a code as clients see it (a failed reply stores its code as text). */
    public static Optional<ProblemCode> of(String code) {
        return Arrays.stream(values()).filter(value -> value.code().equals(code)).findFirst();
    }

    /** The status's reason phrase as the problem's title, e.g. 404 Not Found. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> throw new IllegalArgumentException("No problem is answered with status " + status);
        };
    }
}
