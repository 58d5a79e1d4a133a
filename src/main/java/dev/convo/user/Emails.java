package dev.convo.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.convo.error.ProblemException;

/**
 * The one way an e-mail address is read and compared: trimmed, lower-cased, printable ASCII only (internationalised
 * domains arrive as punycode), with a domain that has a dot. Only ASCII is lower-cased: a character such as the
 * Kelvin sign (U+212A) that lower-cases into another user's address makes the address invalid instead.
 */
public final class Emails {

    /** What a usable address looks like; the {@link EmailAddress} constraint uses the same pattern. */
    public static final String PATTERN = "[\\x21-\\x7E&&[^@]]+@[\\x21-\\x7E&&[^@]]+\\.[\\x21-\\x7E&&[^@]]+";
    static final int MAX_LENGTH = 254;

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private Emails() {
    }

    /** The address trimmed and lower-cased when it is ASCII; anything else is left as it is, to fail validation. */
    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String stripped = raw.strip();
        return stripped.chars().allMatch(c -> c < 0x80) ? stripped.toLowerCase(Locale.ROOT) : stripped;
    }

    /** The normalized address when it is a valid one; empty otherwise (an identity that names no user). */
    public static Optional<String> parse(String raw) {
        String email = normalize(raw);
        return email != null && email.length() <= MAX_LENGTH && VALID.matcher(email).matches() ? Optional.of(email)
                : Optional.empty();
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
