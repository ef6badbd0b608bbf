package dev.likeness.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    /** Largest WebSocket message accepted; larger ones end the session with SERVER_MESSAGE_TOO_LARGE. */
    @WithDefault("1048576")
    int maxMessageBytes();

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
     * falls instead. The smoothed round trip settles near it and the p99 at 2-4 times it; measured
     * on 2 cores, 120 ms cost no throughput against 300 ms (30 sessions: ~31 answered frames/s
     * either way) and cut p99 from ~580 to ~410 ms.
     */
    @WithDefault("150ms")
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

    /** The customers (tenants) this deployment serves, by name. */
    Map<String, Customer> customers();

    interface Customer {
        /**
         * PEM files (SPKI, RSA or EC) of the public keys the customer's backend signs user
         * authorization tokens with; several during a rotation.
         */
        List<Path> authorizationKeys();
    }
}
