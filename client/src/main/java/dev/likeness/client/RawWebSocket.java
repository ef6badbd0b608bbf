package dev.likeness.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what a client library hides: a frame header that
 * announces more than it sends, and what the server's transport then does to the TCP connection.
 * It exists for tests of the gateway's transport limits. The JDK's client cannot send half a
 * message, and when the peer drops the connection right after a large send it does not always say
 * so (about one run in 25 here: the send completed, the listener was never called, the socket was
 * already gone), so those tests read the socket directly.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final int OPCODE_BINARY = 0x2;

    /** RSV1 of a frame's first byte: "this message is compressed" under permessage-deflate (RFC 7692). */
    private static final int RSV1 = 0x40;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private byte[] mask;
    private String handshake = "";

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code uri} (ws:// or http://, plain TCP) and completes the opening handshake
     * (RFC 6455 section 4); fails unless the server switches protocols. {@code timeout} also bounds
     * every later read.
     */
    public static RawWebSocket open(URI uri, Duration timeout) throws IOException {
        return open(uri, timeout, "");
    }

    /**
     * As {@link #open(URI, Duration)}, with {@code extraHeaders} (each line ending in CRLF) in the
     * opening request, e.g. an offer of {@code Sec-WebSocket-Extensions}.
     */
    public static RawWebSocket open(URI uri, Duration timeout, String extraHeaders) throws IOException {
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        ws.handshake = ws.readHeaders();
        String status = ws.handshake.lines().findFirst().orElse("");
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no WebSocket upgrade: " + status);
        }
        return ws;
    }

    /** The server's answer to the opening request: its status line and headers. */
    public String handshake() {
        return handshake;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one whole binary message, masked as a client must. */
    public void sendBinary(byte[] payload) throws IOException {
        sendBinaryHeader(payload.length);
        sendMasked(payload);
    }

    /** Sends the header of a binary message that announces {@code length} bytes of payload. */
    public void sendBinaryHeader(long length) throws IOException {
        mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(header(length, mask));
        out.flush();
    }

    /**
     * Sends one binary message marked compressed (RSV1 set), its payload {@code deflated} as
     * permessage-deflate carries it: raw DEFLATE without the final empty block's trailer.
     */
    public void sendCompressed(byte[] deflated) throws IOException {
        mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] header = header(deflated.length, mask);
        header[0] |= RSV1;
        out.write(header);
        sendMasked(deflated);
    }

    /** Sends a binary message without a mask, which RFC 6455 (5.1) forbids a client and a server must refuse. */
    public void sendUnmasked(byte[] payload) throws IOException {
        out.write(header(payload.length, null));
        out.write(payload);
        out.flush();
    }

    private static byte[] header(long length, byte[] mask) {
        int masked = mask == null ? 0 : 0x80;
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x80 | OPCODE_BINARY); // FIN, binary
        if (length < 126) {
            header.write(masked | (int) length);
        } else if (length <= 0xFFFF) {
            header.write(masked | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(masked | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        if (mask != null) {
            header.write(mask, 0, 4);
        }
        return header.toByteArray();
    }

    /** Sends payload bytes of the message whose header went last (its first bytes, for a header that announced more). */
    public void sendMasked(byte[] payload) throws IOException {
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(masked);
        out.flush();
    }

    /** Reads the payload of the next binary message from the server (unmasked, unfragmented, as the gateway sends them). */
    public byte[] readBinary() throws IOException {
        int first = in.readUnsignedByte();
        if ((first & 0x0F) != OPCODE_BINARY) {
            throw new IOException("expected a binary message, got opcode " + (first & 0x0F));
        }
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return payload;
    }

    /**
     * Reads until the server ends the TCP connection (end of stream or a reset), skipping whatever
     * frames come first; true if it did within the socket's timeout, false if the connection is
     * still open then.
     */
    public boolean endedByServer() throws IOException {
        byte[] discard = new byte[8192];
        try {
            while (in.read(discard) >= 0) {
                // a close frame may come before the end; what counts is that the connection ends
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true; // "Connection reset": the server closed with our unread bytes in its buffer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
