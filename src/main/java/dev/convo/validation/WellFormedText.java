package dev.convo.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text that is well-formed Unicode: no lone surrogate (a JSON escape such as {@code \ud800} with no partner), which
 * MongoDB would store as something else than what the service acknowledged.
 */
@Constraint(validatedBy = WellFormedText.Validator.class)
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
public @interface WellFormedText {

    String message() default "must be well-formed Unicode text (no lone surrogate)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks that every surrogate is one half of a pair. */
    class Validator implements ConstraintValidator<WellFormedText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            return text == null || isWellFormed(text);
        }

        public static boolean isWellFormed(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
