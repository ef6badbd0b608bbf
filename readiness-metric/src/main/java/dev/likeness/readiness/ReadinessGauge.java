package dev.likeness.readiness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service's readiness as a gauge, {@code likeness_ready}: 1 when /q/health/ready would answer
 * UP, else 0. Prometheus's {@code up} says a process answers scrapes; this says it can serve (its
 * Kafka consumers and producers, its gRPC server). The checks may do I/O, so they run every
 * {@link #INTERVAL} on their own thread through the asynchronous API, never on a scrape.
 */
@ApplicationScoped
public class ReadinessGauge {

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final SmallRyeHealthReporter health;
    private final MeterRegistry meters;
    // Not ready until the first evaluation says so.
    private volatile double ready;
    private ScheduledExecutorService timer;

    ReadinessGauge(SmallRyeHealthReporter health, MeterRegistry meters) {
        this.health = health;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        Gauge.builder("likeness.ready", this, gauge -> gauge.ready)
                .description("1 when the readiness checks (/q/health/ready) pass, else 0").register(meters);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "likeness-readiness-gauge");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::evaluate, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void evaluate() {
        health.getReadinessAsync().subscribe().with(result -> ready = result.isDown() ? 0 : 1, failure -> ready = 0);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
