package dev.likeness.gateway.session;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the gateway drains ({@link SessionDrain}): the Service routes new users elsewhere. */
@Readiness
@ApplicationScoped
public class DrainReadiness implements HealthCheck {

    private final SessionDrain drain;

    DrainReadiness(SessionDrain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("taking new sessions").status(!drain.draining()).build();
    }
}
