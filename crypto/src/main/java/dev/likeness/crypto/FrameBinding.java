package dev.likeness.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What binds an encrypted frame to its session: the AES-GCM associated data every frame is sealed
 * with, the UTF-8 bytes of {@code likeness-frame-v1:<session id>:<sequence>} (the session id the
 * client got in Ready, the frame's sequence number in decimal). Opening checks it with the
 * session and sequence the gateway verified, so a frame captured from one session, or moved to
 * another place in its own, fails authentication (client.proto documents it; the web SDK's
 * frame-crypto.js builds the same bytes).
 */
public final class FrameBinding {

    private static final String VERSION = "likeness-frame-v1";

    private FrameBinding() {
    }

    public static byte[] associatedData(String sessionId, long sequence) {
        return (VERSION + ":" + sessionId + ":" + sequence).getBytes(StandardCharsets.UTF_8);
    }
}
