package dev.likeness.auth.grpc;

import dev.likeness.auth.store.LockoutStore;
import dev.likeness.liveness.SessionLiveness;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.vision.EngineCpuTime;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;

/** The authentication service's business metrics, named in one place. */
@ApplicationScoped
public class AuthenticationMetrics {

    private final MeterRegistry meters;
    private final DistributionSummary matchDistance;
    private final Timer frameTime;
    private final Timer challengeTime;
    private final EngineCpuTime engineCpu = new EngineCpuTime();

    AuthenticationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.matchDistance = DistributionSummary.builder("likeness.auth.match.distance")
                .description("descriptor distance of authentication attempts to the enrolled template").register(meters);
        this.frameTime = Timer.builder("likeness.auth.frame.seconds")
                .description("decrypt, decode, align and describe the face of one accepted frame")
                .publishPercentileHistogram().register(meters);
        this.challengeTime = Timer.builder("likeness.auth.challenge.seconds")
                .description("from a liveness challenge to its last move made, of challenges completed")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(500)).maximumExpectedValue(Duration.ofSeconds(15))
                .register(meters);
        FunctionCounter.builder("likeness.engine.cpu", engineCpu, EngineCpuTime::seconds).baseUnit("seconds")
                .description("CPU time in decrypting, decoding and the models: the rest of the process's CPU is plumbing")
                .tag("stage", "auth").register(meters);
    }

    /** The CPU this process spends in the engine (decrypt, decode, align, describe), beside its plumbing. */
    EngineCpuTime engineCpu() {
        return engineCpu;
    }

    /** A challenge's moves all made, {@code millis} after it went out: what users take, and whether the time limit suits them. */
    void challengeCompleted(long millis) {
        challengeTime.record(Duration.ofMillis(millis));
    }

    Timer frameTime() {
        return frameTime;
    }

    /** An enrollment stored, by customer (configured customers only get this far: a bounded label). */
    void enrolled(String customer) {
        meters.counter("likeness.auth.enrollments", "customer", customer).increment();
    }

    /**
     * A decision, by customer (configured customers only reach a decision, so the label is
     * bounded): a rate of no_match across a customer's users is what a doppelgänger search
     * through many accounts looks like, which no single user's lockout sees.
     */
    void authenticated(String customer, boolean match, double distance) {
        matchDistance.record(distance);
        meters.counter("likeness.auth.authentications", "outcome", match ? "match" : "no_match", "customer", customer).increment();
    }

    /** An attempt refused by the lockout: {@code lock} is backing_off or hard_locked. */
    void lockedOut(String customer, LockoutStore.State lock) {
        meters.counter("likeness.auth.lockouts", "lock", lock.name().toLowerCase(Locale.ROOT), "customer", customer).increment();
    }

    /**
     * A session's liveness at its decision, by customer, policy, result and the check that failed
     * (none, no_movement_from_subject, three_dimensional_structure, challenge, same_person): a sudden rise of failures is
     * an attack wave, and a customer's share of unverified sessions says what passive mode shows.
     */
    void liveness(String customer, SessionLiveness.Policy policy, SessionLiveness.Evidence evidence) {
        meters.counter("likeness.auth.liveness", "customer", customer, "policy", policy.wireName(),
                "result", evidence.result().wireName(), "failed_check", evidence.failedCheck().orElse("none")).increment();
    }

    void failed(ErrorCode code) {
        meters.counter("likeness.auth.failures", "code", code.name().toLowerCase(Locale.ROOT)).increment();
    }
}
