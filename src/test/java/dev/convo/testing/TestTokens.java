package dev.convo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Real RSA-signed JWTs for the jwt-mode tests. The key pair is made once and kept under target/, so the application
 * (which reads the public key from configuration) and the tests (which sign) agree whatever class loader runs them.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "chat-backend";

    private static final Path DIR = Path.of("target", "test-jwt");

    private TestTokens() {
    }

    public static String publicKeyLocation() {
        keys();
        return DIR.resolve("public.pem").toAbsolutePath().toString();
    }

    public static String token(String email, String... groups) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(email).claim("email", email).groups(Set.of(groups))
                .expiresIn(3600).sign(privateKey());
    }

    /** A valid token whose claims are given as they are: the e-mail claim of any JSON type, email_verified, ... */
    public static String withClaims(Map<String, Object> claims) {
        JwtClaimsBuilder token = Jwt.issuer(ISSUER).audience(AUDIENCE).subject("someone").expiresIn(3600);
        claims.forEach(token::claim);
        return token.sign(privateKey());
    }

    public static String expired(String email) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).claim("email", email).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(privateKey());
    }

    public static String fromIssuer(String issuer, String email) {
        return Jwt.issuer(issuer).audience(AUDIENCE).claim("email", email).expiresIn(3600).sign(privateKey());
    }

    public static String forAudience(String audience, String email) {
        return Jwt.issuer(ISSUER).audience(audience).claim("email", email).expiresIn(3600).sign(privateKey());
    }

    public static String signedByAnotherKey(String email) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).audience(AUDIENCE).claim("email", email).expiresIn(3600)
                    .sign(generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey() {
        try {
            keys();
            byte[] der = Base64.getMimeDecoder().decode(Files.readString(DIR.resolve("private.pem"))
                    .replaceAll("-----[A-Z ]+-----", "").strip());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void keys() {
        if (Files.exists(DIR.resolve("public.pem"))) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(DIR.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
