package dev.likeness.gateway;

import dev.likeness.database.LedgerDatabase;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of one gateway instance, under {@code likeness.gateway}. */
@ConfigMapping(prefix = "likeness.gateway")
public interface GatewayConfig {

    /** This instance's name in SessionContext.gateway_id, logs and metrics. Defaults to the host name. */
    @WithDefault("${HOSTNAME:gateway-0}")
    String instanceId();

    /**
     * The partition of likeness.session-events this instance reads. Must be unique per instance and
     * below the topic's partition count (in Kubernetes: the StatefulSet ordinal).
     */
    @WithDefault("0")
    int replyPartition();

    /**
     * Largest WebSocket message accepted, also the transport's limit
     * (quarkus.websockets-next.server.max-message-size follows it): a larger message is never
     * buffered: the transport drops the connection (the client sees an abnormal close, 1006).
     */
    @WithDefault("1048576")
    int maxMessageBytes();

    /**
     * Where used user-token ids are remembered, so a token opens one session on whichever
     * instance and also after a restart: {@code url} (with {@code username}, {@code password},
     * {@code pool-size}) of the PostgreSQL every gateway instance shares, schema {@code gateway}.
     * Unset: this process's memory, for a single local instance only (logged at start).
     */
    LedgerDatabase usedTokens();

    /**
     * How long a gateway told to stop waits for its open sessions to finish (SessionDrain): a
     * session's own limit and a margin. The pod's terminationGracePeriodSeconds must be longer.
     */
    @WithDefault("75s")
    Duration drainTimeout();

    /** A connection that has not sent its Start by then ends with SERVER_TIMEOUT. */
    @WithDefault("5s")
    Duration startTimeout();

    /** A started session that sends nothing for this long ends with SERVER_TIMEOUT. */
    @WithDefault("15s")
    Duration idleTimeout();

    /** Most open WebSocket connections on this instance; one more is told SERVER_UNAVAILABLE and closed. */
    @WithDefault("2000")
    int maxConnections();

    /**
     * Most open connections from one client address; one more is told SERVER_UNAVAILABLE and
     * closed, so one source cannot take all of an instance's connection slots. Users behind one
     * NAT share an address: keep it well above what one office opens at once.
     */
    @WithDefault("100")
    int maxConnectionsPerSource();

    /**
     * The handshake header the ingress in front writes the client's address into (its last value
     * is the one the nearest proxy added), e.g. {@code X-Forwarded-For}. Unset: the socket's peer
     * address, which behind a proxy is the proxy's. Set it only behind a proxy that overwrites or
     * appends it: a client reaching the gateway directly could otherwise name any address.
     */
    Optional<String> clientAddressHeader();

    /**
     * Most characters of Start's customer, username and key_id each; Start's authorization token
     * may have 16 times as many. Longer ones end the session with SERVER_MALFORMED_MESSAGE.
     */
    @WithDefault("128")
    int maxStartFieldLength();

    /** Most UTF-8 bytes of Start's transaction data, which every frame record carries. */
    @WithDefault("4096")
    int maxTransactionDataBytes();

    /**
     * The frame rate a client may keep up (the SDK and the CLI send at the camera's pace, 10-15
     * frames/s). A session sending more than twice this over two seconds ends with
     * SERVER_FRAME_RATE_EXCEEDED.
     */
    @WithDefault("15")
    int frameRate();

    /** Most frames one session may send; one more ends it with SERVER_FRAME_RATE_EXCEEDED. */
    @WithDefault("1800")
    int maxFramesPerSession();

    /** A session that has not finished by then ends with SERVER_TIMEOUT. */
    @WithDefault("60s")
    Duration sessionTimeout();

    /** Flow control: how many frames a client may have unanswered at once (Ready.max_in_flight). */
    @WithDefault("2")
    int maxInFlight();

    /**
     * Flow control: a frame unanswered this long stops counting as in flight (Ready.frame_result_timeout_ms).
     * Matches quality-service's frame deadline, past which a frame is dropped unanswered.
     */
    @WithDefault("5s")
    Duration frameResultTimeout();

    /**
     * Flow control: frames beyond the credit are dropped; a session that sends more than this many
     * such frames ends with SERVER_FRAME_RATE_EXCEEDED. Leaves room for a client's clock racing
     * the server's on a timed-out frame.
     */
    @WithDefault("10")
    int maxFramesBeyondCredit();

    /**
     * Flow control under load: the frame round trip (receipt to result) the gateway steers for by
     * letting fewer sessions send at once (Credit). Above it sessions take turns; their frame rate
     * falls instead. The smoothed round trip settles near it and the p99 at 2-3 times it. Keep it
     * about three times the round trip of a session alone: lower, sessions take turns before the
     * cores are busy and throughput falls; higher only adds queueing (the README's "Flow control"
     * has the measurements behind the default).
     */
    @WithDefault("80ms")
    Duration targetRoundTrip();

    /** Flow control under load: most sessions sending at once while others wait their turn. */
    @WithDefault("64")
    int maxActiveSessions();

    /** The `aud` a user authorization token must carry. */
    @WithDefault("likeness")
    String tokenAudience();

    /** Longest lifetime (exp - iat) accepted for a user authorization token. */
    @WithDefault("10m")
    Duration tokenMaxLifetime();

    /** Clock skew tolerated on iat/exp. */
    @WithDefault("30s")
    Duration tokenClockSkew();

    /**
     * Whether /demo/ (the demo page, which takes its backend from {@code ?backend=}) is served.
     * Off: a production gateway answers 404. The local stack turns it on.
     */
    @WithDefault("false")
    boolean serveDemoPage();

    /** The customers (tenants) this deployment serves, by name. */
    Map<String, Customer> customers();

    interface Customer {
        /**
         * PEM files (SPKI, RSA or EC) of the public keys the customer's backend signs user
         * authorization tokens with; several during a rotation.
         */
        List<Path> authorizationKeys();

        /**
         * The web origins whose pages may open sessions for this customer (the browser's Origin
         * header), e.g. {@code https://bank.example}; {@code http://localhost:*} allows any port
         * (development). None configured: no browser page may.
         */
        Optional<List<String>> allowedOrigins();

        /** Whether a client that sends no Origin (the CLI, a server-side integration) may open sessions. */
        @WithDefault("false")
        boolean allowMissingOrigin();

        /** Most concurrent sessions of this customer on this instance; one more gets SERVER_UNAVAILABLE. */
        @WithDefault("200")
        int maxSessions();
    }
}
