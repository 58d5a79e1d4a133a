package dev.convo.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits and access settings of the chat API itself (environment variables CHAT_...).
 */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** Longest message text accepted, in characters. */
    @WithDefault("32000")
    int maxMessageLength();

    /** Bearer token that opens the admin routes (the global conversation list); admin routes are closed when unset. */
    Optional<String> adminToken();

    /** How many messages GET /conversations/{id} returns when the caller names no limit. */
    @WithDefault("100")
    int defaultMessagePage();
}
