package dev.likeness.relay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The relay is ready when it can reach auth-service: without it, every session it relays ends
 * SERVER_UNAVAILABLE. Also what brings the gRPC connection back promptly after auth-service
 * restarts (each probe asks the channel to reconnect now), and what likeness_ready and the
 * "not ready" alert report.
 */
@Readiness
@ApplicationScoped
public class AuthServiceReadiness implements HealthCheck {

    private final SessionStreams streams;

    AuthServiceReadiness(SessionStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("auth-service reachable").status(streams.authServiceReachable()).build();
    }
}
