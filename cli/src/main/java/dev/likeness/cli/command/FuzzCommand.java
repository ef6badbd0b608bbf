package dev.likeness.cli.command;

import dev.likeness.cli.DemoBackendClient;
import dev.likeness.cli.fuzz.FuzzRun;
import dev.likeness.cli.fuzz.ProtocolFuzzer;
import dev.likeness.client.FrameSource;
import dev.likeness.client.SessionClient;
import dev.likeness.launcher.LocalStack;
import dev.likeness.proto.v1.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Send generated, mostly broken client messages (protobuf-aware mutations of Start, Frame and Stop, damaged "
                + "encryption envelopes, random bytes, messages out of order) to the running gateway, one connection per case; "
                + "check that each ends with a code or a normal close, that no service logs an error, that a real session is "
                + "served after, and that no live heap grew over 10 %%. Prints what it found; exit 1 if anything.")
public final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--messages", paramLabel = "N", defaultValue = "10000",
            description = "Client messages to send (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed: the same seed sends the same cases (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Connections at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--images", paramLabel = "DIR", defaultValue = "testdata/faces/grace-hopper",
            description = "A face whose frames the valid messages carry (default ${DEFAULT-VALUE}).")
    Path images;

    @Override
    public Integer call() throws Exception {
        LocalStack stack = StackHome.locate();
        DemoBackendClient backend = new DemoBackendClient(URI.create(stack.ports().demoBackendUrl()));
        DemoBackendClient.SessionConfig config = backend.config();
        byte[] face;
        try (var files = Files.list(images)) {
            face = Files.readAllBytes(files.filter(file -> file.toString().endsWith(".jpg")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no .jpg in " + images)));
        }
        var fuzzer = new ProtocolFuzzer(new ProtocolFuzzer.Target(config.gateway(),
                config.customer(), config.keyId(), config.imageKey(), face, backend::userToken), seed, parallel);
        System.out.printf("fuzzing %s with %d messages (seed %d, %d at once)%n", config.gateway(), messages, seed, parallel);
        var verdict = FuzzRun.run(stack, fuzzer, messages, () -> {
            String username = "after-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
            return new SessionClient(config.gateway(), 10, Duration.ofSeconds(60))
                    .run(backend.request(config, username, Operation.ENROLL, "fuzz check"), FrameSource.images(images), timing -> { });
        }, FuzzRun.SETTLE, System.out);
        FuzzRun.print(verdict, System.out);
        return verdict.failures().isEmpty() ? 0 : 1;
    }
}
