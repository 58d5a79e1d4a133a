package dev.convo.security;

import java.util.Map;

import dev.convo.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;

/** JWT mode with the test key, issuer and audience; users are created on first sight. */
public class JwtMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.auth.mode", "jwt",
                "chat.auth.create-users", "true",
                "mp.jwt.verify.publickey.location", TestTokens.publicKeyLocation(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.verify.audiences", TestTokens.AUDIENCE);
    }
}
