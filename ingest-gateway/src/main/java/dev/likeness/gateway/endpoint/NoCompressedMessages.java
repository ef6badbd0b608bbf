package dev.likeness.gateway.endpoint;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No WebSocket compression of any kind, and no inflated request bodies: the message limits apply
 * to bytes as they arrive, so a compressed message could inflate a thousandfold past them before
 * anything judged it, and frames (JPEG in ciphertext) do not compress anyway. Besides
 * permessage-deflate (which application.properties turns off), Vert.x agrees by default to the
 * older per-frame drafts (deflate-frame, x-webkit-deflate-frame), which only its options reach.
 * A client that offers either gets no extension; a message marked compressed ends its connection.
 */
@ApplicationScoped
public class NoCompressedMessages implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        refuseCompression(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        refuseCompression(options);
    }

    private static void refuseCompression(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setDecompressionSupported(false);
    }
}
