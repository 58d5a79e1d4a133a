package dev.convo.security;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.convo.config.ChatConfig;
import dev.convo.config.ChatConfig.AuthMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Stops the start in jwt mode unless the tokens' issuer and audience are configured: with a key alone, a token that
 * another service of the same identity provider was given (another audience), or any issuer sharing the key, would
 * be accepted here.
 */
@ApplicationScoped
class JwtSettings {

    void check(@Observes StartupEvent event, ChatConfig config,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences) {
        List<String> missing = missing(config.auth().mode(), issuer, audiences);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("CHAT_AUTH_MODE=jwt needs " + String.join(" and ", missing)
                    + ": without them a token issued for another service would be accepted");
        }
    }

    /** The settings jwt mode lacks, by their environment names; none outside jwt mode. */
    static List<String> missing(AuthMode mode, Optional<String> issuer, Optional<List<String>> audiences) {
        if (mode != AuthMode.JWT) {
            return List.of();
        }
        return Stream.of(
                issuer.filter(value -> !value.isBlank()).isEmpty() ? "MP_JWT_VERIFY_ISSUER" : null,
                audiences.filter(values -> !values.isEmpty()).isEmpty() ? "MP_JWT_VERIFY_AUDIENCES" : null)
                .filter(Objects::nonNull).toList();
    }
}
