package dev.likeness.auth.store;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the admin audit for {@code retention} and no longer: at start and every hour, records
 * older than that are deleted. An audit kept forever grows without bound and holds who acted on
 * whom past any need; the retention is the operator's to match their obligations. Several
 * instances may run it at once: the deletion is idempotent.
 */
public final class AuditRetention implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final UserAdministration users;
    private final Duration retention;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-retention");
        thread.setDaemon(true);
        return thread;
    });

    public AuditRetention(UserAdministration users, Duration retention) {
        this.users = users;
        this.retention = retention;
    }

    /** Runs now, then every {@code interval}. */
    public AuditRetention start(Duration interval) {
        schedule.scheduleWithFixedDelay(this::forgetOld, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void forgetOld() {
        try {
            int forgotten = users.forgetAuditOlderThan(retention);
            if (forgotten > 0) {
                LOG.infof("admin audit: %d records older than %s deleted", forgotten, retention);
            }
        } catch (SQLException e) {
            LOG.warnf("admin audit retention did not run (next try in an hour): %s", e.getMessage());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
