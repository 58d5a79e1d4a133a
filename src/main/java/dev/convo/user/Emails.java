package dev.convo.user;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.convo.error.ProblemException;

/**
 * The one way an e-mail address is read and compared: trimmed, lower-cased, with a domain that has a dot.
 */
public final class Emails {

    /** What a usable address looks like; the {@link EmailAddress} constraint uses the same pattern. */
    public static final String PATTERN = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    static final int MAX_LENGTH = 254;

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private Emails() {
    }

    public static String normalize(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /** The normalized address given in {@code field}, or a 400 naming that field. */
    public static String require(String raw, String field) {
        String email = normalize(raw);
        if (email == null || email.isEmpty()) {
            throw ProblemException.invalidField(field, "is required");
        }
        if (email.length() > MAX_LENGTH || !VALID.matcher(email).matches()) {
            throw ProblemException.invalidField(field, "must be a valid e-mail address");
        }
        return email;
    }
}
