package dev.likeness.readiness;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gauge follows the readiness checks both ways, within a few evaluation intervals. */
@QuarkusTest
class ReadinessGaugeTest {

    /** A readiness check the test turns down and up, as a lost broker connection would. */
    @Readiness
    @ApplicationScoped
    static class SwitchableCheck implements HealthCheck {
        static volatile boolean up = true;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("switchable").status(up).build();
        }
    }

    @Inject
    MeterRegistry meters;

    double ready() {
        return meters.get("likeness.ready").gauge().value();
    }

    @Test
    void theGaugeSaysWhetherTheReadinessChecksPass() {
        Duration within = ReadinessGauge.INTERVAL.multipliedBy(3);
        await().atMost(within).until(() -> ready() == 1);
        SwitchableCheck.up = false;
        await().atMost(within).until(() -> ready() == 0);
        SwitchableCheck.up = true;
        await().atMost(within).until(() -> ready() == 1);
        assertThat(ready()).isEqualTo(1);
    }
}
