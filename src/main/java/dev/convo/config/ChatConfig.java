package dev.convo.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.OptionalInt;
import java.util.OptionalLong;

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

    /**
     * More models besides LLM_MODEL's, as a JSON array of entries ({@code id}, {@code name}, {@code endpoint},
     * {@code apiKey}, {@code contextTokens}, {@code encoding}, {@code maxTokens}, {@code pickable}); see the README.
     */
    Optional<String> models();

    /** A JSON or YAML file (.yaml, .yml) with more models, entries as in CHAT_MODELS (a mounted ConfigMap). */
    Optional<String> modelsFile();

    /** The id of the model of conversations that name none; LLM_MODEL when unset. */
    Optional<String> defaultModel();

    /** Longest system prompt a conversation may set, in characters. */
    @WithDefault("8000")
    int maxSystemPromptLength();

    /** How many messages GET /conversations/{id} returns when the caller names no limit. */
    @WithDefault("100")
    int defaultMessagePage();

    /** How streamed replies behave. */
    Stream stream();

    /** How callers are identified. */
    Auth auth();

    /** Optional per-user limits. */
    Limits limits();

    /** How long deleted conversations are kept before they are purged with their messages; kept forever when unset. */
    Optional<Duration> deletedRetention();

    /** How often the purge of deleted conversations runs. */
    @WithDefault("1h")
    Duration purgeEvery();

    /** Whether the model is asked for a short title after a conversation's first reply (in the background). */
    @WithDefault("false")
    boolean generateTitles();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /**
     * How many turns of this replica may do their first database work (the reservation, storing the messages) at once;
     * the others wait their turn, first come first served, so that under overload turns finish in the order they came
     * rather than all late together. No line when unset.
     */
    OptionalInt maxStartingTurns();

    /** The largest request body a route takes (an import has its own bound, CHAT_IMPORT_MAX_BYTES). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /**
     * Whether the service serves its web client at / (CHAT_WEB_CLIENT): on in dev mode, off in production unless set.
     */
    @WithDefault("false")
    boolean webClient();

    /** Search of a user's conversations (CHAT_SEARCH_...). */
    Search search();

    /** Public share links (CHAT_SHARES_...). */
    Shares shares();

    /** Imports of conversations (CHAT_IMPORT_...). */
    @WithName("import")
    Import importing();

    /** Erasure of users (CHAT_ERASURE_...). */
    Erasure erasure();

    /** Bounds of one search request. */
    interface Search {

        /** How many messages one search request may scan before it answers a partial page. */
        @WithDefault("20000")
        long maxScanned();

        /** How long one search request may take before it answers a partial page. */
        @WithDefault("2s")
        Duration timeLimit();
    }

    /** Bounds of share links. */
    interface Shares {

        /** How many reads of shared conversations one client address may make per minute (per replica). */
        @WithDefault("60")
        int readsPerMinute();

        /** How many messages a shared snapshot may hold. */
        @WithDefault("2000")
        int maxMessages();
    }

    /** Bounds of one import. */
    interface Import {

        /** The largest file an import takes, in bytes. */
        @WithDefault("52428800")
        long maxBytes();

        /** How many conversations one import may hold. */
        @WithDefault("5000")
        int maxConversations();

        /** How many messages one imported conversation may hold. */
        @WithDefault("10000")
        int maxMessages();

        /** The longest text an imported message may have, in characters. */
        @WithDefault("200000")
        int maxMessageLength();
    }

    /** How users are erased. */
    interface Erasure {

        /** How many documents an erasure removes at a time. */
        @WithDefault("200")
        int batch();

        /**
         * How long the tombstone of an erased user stays, and how often erasure sweeps run: a turn that began before
         * the erasure may still write its end meanwhile, and the last sweep removes it.
         */
        @WithDefault("10m")
        Duration settle();
    }

    /** Per-user limits (CHAT_LIMITS_...); none when unset. */
    interface Limits {

        /** Turns (new messages and regenerations) one user may start per minute. */
        OptionalInt requestsPerMinute();

        /** Tokens (prompt and completion) one user may spend per UTC day. */
        OptionalLong tokensPerDay();
    }

    /** The ways a caller can be identified (CHAT_AUTH_MODE). */
    enum AuthMode {
        /** The caller names itself with user_email: only safe behind a gateway that authenticates users. */
        EMAIL,
        /** A trusted authenticating proxy puts the caller's e-mail in a header. */
        HEADER,
        /** The caller presents a signed JWT (Authorization: Bearer) carrying its e-mail. */
        JWT
    }

    /** Settings of identity (CHAT_AUTH_...). */
    interface Auth {

        /** email, header or jwt. */
        @WithDefault("email")
        AuthMode mode();

        /** In header mode, the header the authenticating proxy sets. */
        @WithDefault("X-Forwarded-Email")
        String header();

        /** In jwt mode, the claim that holds the caller's e-mail. */
        @WithDefault("email")
        String emailClaim();

        /** In jwt mode, the role (groups claim) or scope that makes a caller an administrator. */
        @WithDefault("admin")
        String adminRole();

        /** In jwt mode, whether a token whose {@code email_verified} claim is false is refused. */
        @WithDefault("true")
        boolean requireVerifiedEmail();

        /** In jwt mode, whether a caller seen for the first time gets a user record. */
        @WithDefault("false")
        boolean createUsers();
    }

    /** Settings of streamed replies (CHAT_STREAM_...). */
    interface Stream {

        /** How often an SSE comment is sent on a quiet stream, so proxies keep it open. */
        @WithDefault("15s")
        Duration heartbeat();

        /** How often the growing text of a streamed reply is saved, and a stop request looked for. */
        @WithDefault("1s")
        Duration flushInterval();

        /** How often a resumed stream reads the stored reply for new text. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** Whether a client disconnecting stops the reply; by default it is written to the end and stored. */
        @WithDefault("false")
        boolean stopOnDisconnect();

        /** A streaming reply not saved for this long lost its generator (a replica died): it is marked failed. */
        @WithDefault("30s")
        Duration staleAfter();
    }
}
