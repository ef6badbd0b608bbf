package dev.likeness.gateway.session;

import dev.likeness.gateway.GatewayConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A gateway that is told to stop (Kubernetes' SIGTERM on a scale-down, a rollout, a node drain)
 * lets the sessions it holds finish instead of cutting their users off: it turns not-ready
 * ({@link DrainReadiness}), so the Service stops routing to it, refuses new Starts with SERVER_UNAVAILABLE before their token is
 * spent (the client connects again, to another pod), and holds the shutdown until its last socket
 * has closed or {@code likeness.gateway.drain-timeout} has passed, which the pod's
 * terminationGracePeriodSeconds must outlast.
 *
 * <p>Quarkus fires the event at the start of its shutdown delay, before the HTTP server stops, and
 * waits for its observers: this one blocks there until the sessions are done.
 */
@ApplicationScoped
public class SessionDrain {

    private static final Logger LOG = Logger.getLogger(SessionDrain.class);
    private static final long POLL_MILLIS = 100;

    private final SessionRegistry registry;
    private final GatewayConfig config;
    private volatile boolean draining;

    SessionDrain(SessionRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** Whether the gateway is shutting down: new sessions are refused. */
    public boolean draining() {
        return draining;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent shutdown) throws InterruptedException {
        draining = true;
        long started = System.nanoTime();
        long deadline = started + config.drainTimeout().toNanos();
        LOG.infof("shutting down: new sessions refused, waiting for %d open connection(s)", registry.connections());
        while (registry.connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        LOG.infof("drained in %.1f s; %d connection(s) left open", (System.nanoTime() - started) / 1e9, registry.connections());
    }
}
