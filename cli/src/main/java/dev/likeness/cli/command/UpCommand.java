package dev.likeness.cli.command;

import dev.likeness.cli.StartUpProbe;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalPrometheus;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.StackScale;
import dev.likeness.liveness.SessionLiveness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL, every service and the demo backend on embedded defaults.")
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--quality-workers", paramLabel = "N", defaultValue = "1",
            description = "quality-service processes in consumer group `quality` (1 to 6, the partitions of likeness.frames; default "
                    + "${DEFAULT-VALUE}).")
    int qualityWorkers;

    @Option(names = "--gateways", paramLabel = "N", defaultValue = "1",
            description = "ingest-gateway processes, each reading its own partition of likeness.session-events "
                    + "(1 to 4; default ${DEFAULT-VALUE}); the second and later ones on free ports, which `status` lists.")
    int gateways;

    @Option(names = "--observe",
            description = "Also start Prometheus (Debian's `prometheus` binary, when installed) on port "
                    + LocalPrometheus.DEFAULT_PORT + ", scraping every service with deploy/monitoring's rules; "
                    + "`status` then lists the alerts pending or firing.")
    boolean observe;

    @Option(names = "--liveness", paramLabel = "POLICY", defaultValue = "challenge",
            description = "The demo customer's liveness policy: challenge (the user is asked for two random head moves; only a "
                    + "live head making them passes, anything else is refused with SERVER_LIVENESS_FAILED), passive (no "
                    + "instruction; a session whose frames show a frozen feed or a flat picture turned is refused, the JWT says "
                    + "pass, fail or unverified) or off (measured and reported, never refused: for benchmarks and tests of other "
                    + "features). Default ${DEFAULT-VALUE}.")
    String liveness;

    @Override
    public Integer call() throws Exception {
        LocalStack stack = StackHome.locate();
        boolean observing = false;
        try {
            stack.up(StackPorts.defaults(), new StackScale(qualityWorkers, gateways), policy(liveness));
            observing = observe && stack.observation().observe(LocalPrometheus.DEFAULT_PORT);
        } catch (Exception e) {
            System.out.println("start-up failed; stopping what had started");
            stack.down();
            throw e;
        }
        StackPorts ports = stack.ports();
        StartUpProbe.forStack(stack, System.out).run();
        System.out.printf("%nthe local stack is up (customer \"%s\", data and logs in %s)%n", DemoCustomer.NAME, stack.home());
        System.out.printf("  WebSocket   %s%n", ports.gatewayUrl());
        System.out.printf("  verifier    %s%n", ports.verifierUrl());
        System.out.printf("  JWKS        %s%n", ports.jwksUrl());
        System.out.printf("  admin API   %s%n", ports.adminUrl());
        System.out.printf("  (HTTPS with the local CA's certificates; trust %s)%n", stack.customer().tls().caCertificate());
        System.out.printf("  demo page   %s/demo/   (enroll and authenticate with your camera)%n", ports.gatewayOrigin());
        System.out.printf("  liveness    %s   (the demo customer's policy; `up --liveness off|passive|challenge`)%n",
                stack.liveness().wireName());
        if (observing) {
            LocalPrometheus prometheus = stack.observation().prometheus();
            System.out.printf("  Prometheus  %s   (%d rules loaded; alerts: %s/alerts)%n", prometheus.url(), prometheus.rulesLoaded(),
                    prometheus.url());
        }
        System.out.printf("%ntry:  ./likeness enroll --username grace --subject testdata/faces/grace-hopper/frame-01.jpg%n");
        System.out.printf("      ./likeness auth --username grace --subject testdata/faces/grace-hopper-second-photo/frame-01.jpg%n");
        System.out.printf("      ./likeness auth --username grace --subject testdata/faces/eileen-collins/frame-01.jpg%n");
        return 0;
    }

    static SessionLiveness.Policy policy(String name) {
        return SessionLiveness.Policy.named(name)
                .orElseThrow(() -> new IllegalArgumentException("--liveness must be off, passive or challenge, not " + name));
    }
}
