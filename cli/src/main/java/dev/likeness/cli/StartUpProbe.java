package dev.likeness.cli;

import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.vision.WarmUpPortrait;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What `./likeness up` does once every process is ready: one session through the whole pipeline
 * to warm it (the services warm their own hot path at start-up, but the first frames through a
 * fresh broker and fresh consumers wait for their first fetches), then two measured sessions: the
 * first a user would get and the next. All are the stack's own probe user on the bundled portrait;
 * it is enrolled once and kept (the local stack only), so a probe never leaves anything new.
 */
final class StartUpProbe {

    static final Duration PROBE = Duration.ofSeconds(5);
    static final int FPS = 10;
    static final String USERNAME = "likeness-start-up-probe";

    private final DemoBackendClient backend;
    private final PrintStream out;

    StartUpProbe(DemoBackendClient backend, PrintStream out) {
        this.backend = backend;
        this.out = out;
    }

    void run() throws Exception {
        FrameSource portrait = FrameSource.of(List.of(WarmUpPortrait.jpeg()));
        DemoBackendClient.SessionConfig config = backend.config();
        SessionReport warmUp = session(config, Operation.ENROLL, portrait);
        if (!warmUp.finished() && warmUp.error().filter(e -> e == ErrorCode.SERVER_USER_ALREADY_ENROLLED).isEmpty()) {
            out.printf("warning: the warm-up session did not finish (%s)%n", warmUp.error().map(Enum::name).orElse("no outcome"));
            return;
        }
        SessionReport first = session(config, Operation.AUTH, portrait), next = session(config, Operation.AUTH, portrait);
        out.printf(Locale.ROOT, "warm-up session round trip p50 %.0f ms; then the first session a user gets: p50 %.0f ms, the next: %.0f ms (%.1fx)%n",
                warmUp.roundTripPercentile(50), first.roundTripPercentile(50), next.roundTripPercentile(50),
                first.roundTripPercentile(50) / next.roundTripPercentile(50));
    }

    private SessionReport session(DemoBackendClient.SessionConfig config, Operation operation, FrameSource frames) throws Exception {
        return new SessionClient(config.gateway(), FPS, PROBE).run(backend.request(config, USERNAME, operation, "start-up probe"),
                frames, frame -> {
                });
    }
}
