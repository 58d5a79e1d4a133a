package dev.convo.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.convo.config.ChatConfig.AuthMode;

/**
 * jwt mode refuses to start without an issuer and an audience to check tokens against.
 */
class JwtSettingsTest {

    @Test
    void jwtModeNeedsAnIssuerAndAnAudience() {
        assertEquals(List.of("MP_JWT_VERIFY_ISSUER", "MP_JWT_VERIFY_AUDIENCES"),
                JwtSettings.missing(AuthMode.JWT, Optional.empty(), Optional.empty()));
        assertEquals(List.of("MP_JWT_VERIFY_AUDIENCES"),
                JwtSettings.missing(AuthMode.JWT, Optional.of("https://idp.test"), Optional.of(List.of())));
        assertEquals(List.of("MP_JWT_VERIFY_ISSUER"),
                JwtSettings.missing(AuthMode.JWT, Optional.of(" "), Optional.of(List.of("chat"))));
        assertEquals(List.of(), JwtSettings.missing(AuthMode.JWT, Optional.of("https://idp.test"),
                Optional.of(List.of("chat"))));
    }

    @Test
    void otherModesNeedNeither() {
        assertEquals(List.of(), JwtSettings.missing(AuthMode.EMAIL, Optional.empty(), Optional.empty()));
        assertEquals(List.of(), JwtSettings.missing(AuthMode.HEADER, Optional.empty(), Optional.empty()));
    }
}
