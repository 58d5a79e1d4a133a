package dev.convo.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Header mode: the caller is the e-mail address in the trusted proxy's header (X-Forwarded-Email). */
public class HeaderMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.auth.mode", "header");
    }
}
