package dev.convo.stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Serves plain-text connections as HTTP/1.1 only (no h2c upgrade). A turn's body is read before routing (see
 * {@link StreamSelector}), which an h2c upgrade would hand over a second time; HTTP/2 over TLS is unaffected, and
 * proxies and ingress controllers speak HTTP/1.1 to pods anyway. Server-Sent Events need nothing more.
 */
@ApplicationScoped
class Http1OnPlainConnections implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
