package dev.likeness.auth.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finishes a template-key rotation: when auth-service starts with previous template keys
 * configured, it re-seals every stored template with the current key in the background (users
 * are served meanwhile: the sealer opens rows of either key). Progress is metrics, so an
 * operator (or `./likeness rotate-template-key`) can tell when the previous key may be removed:
 * {@code likeness_auth_template_reseal_running} back at 0, and no row counted {@code unreadable}.
 */
@ApplicationScoped
public class TemplateKeyRotation {

    /** The outcomes counted by likeness_auth_templates_resealed_total{outcome}. */
    static final List<String> OUTCOMES = List.of("resealed", "already_current", "changed_meanwhile", "unreadable");
    private static final Logger LOG = Logger.getLogger(TemplateKeyRotation.class);

    private final TemplateResealer resealer;
    private final boolean rotating;
    private final MeterRegistry meters;
    private final AtomicInteger running = new AtomicInteger();

    TemplateKeyRotation(TemplateStore store, TemplateSealer sealer, MeterRegistry meters) {
        this.resealer = new TemplateResealer(store, sealer);
        this.rotating = sealer.hasPreviousKeys();
        this.meters = meters;
        meters.gauge("likeness.auth.template.reseal.running", running);
        for (String outcome : OUTCOMES) {
            meters.counter("likeness.auth.templates.resealed", "outcome", outcome);
        }
    }

    void onStart(@Observes StartupEvent started) {
        if (!rotating) {
            return;
        }
        running.set(1);
        Thread reseal = new Thread(this::run, "template-reseal");
        reseal.setDaemon(true);
        reseal.start();
    }

    private void run() {
        long began = System.nanoTime();
        try {
            TemplateResealer.Report report = resealer.resealAll();
            Map.of("resealed", report.resealed(), "already_current", report.alreadyCurrent(),
                            "changed_meanwhile", report.changedMeanwhile(), "unreadable", report.unreadable())
                    .forEach((outcome, count) -> meters.counter("likeness.auth.templates.resealed", "outcome", outcome).increment(count));
            String verdict = report.unreadable() == 0
                    ? "every template is sealed with the current key: the previous template keys may be removed"
                    : report.unreadable() + " templates open with no configured key: keep the previous keys and investigate";
            LOG.infof("template re-seal done in %d ms over %d templates: %d re-sealed, %d already current, %d changed meanwhile, %d "
                    + "unreadable; %s",
                    (System.nanoTime() - began) / 1_000_000, report.rows(), report.resealed(), report.alreadyCurrent(),
                    report.changedMeanwhile(), report.unreadable(), verdict);
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("template re-seal stopped: %s; it runs again at the next start", e.getMessage());
        } finally {
            running.set(0);
        }
    }
}
