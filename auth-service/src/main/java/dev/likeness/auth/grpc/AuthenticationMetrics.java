package dev.likeness.auth.grpc;

import dev.likeness.proto.v1.ErrorCode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/** The authentication service's business metrics, named in one place. */
@ApplicationScoped
public class AuthenticationMetrics {

    private final MeterRegistry meters;
    private final DistributionSummary matchDistance;
    private final Timer frameTime;

    AuthenticationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.matchDistance = DistributionSummary.builder("likeness.auth.match.distance")
                .description("descriptor distance of authentication attempts to the enrolled template").register(meters);
        this.frameTime = Timer.builder("likeness.auth.frame.seconds")
                .description("decrypt, decode, align and describe the face of one accepted frame")
                .publishPercentileHistogram().register(meters);
    }

    Timer frameTime() {
        return frameTime;
    }

    void enrolled() {
        meters.counter("likeness.auth.enrollments").increment();
    }

    void authenticated(boolean match, double distance) {
        matchDistance.record(distance);
        meters.counter("likeness.auth.authentications", "outcome", match ? "match" : "no_match").increment();
    }

    void failed(ErrorCode code) {
        meters.counter("likeness.auth.failures", "code", code.name().toLowerCase(Locale.ROOT)).increment();
    }
}
