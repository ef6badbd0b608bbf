package dev.likeness.cli.command;

import dev.likeness.cli.engine.EngineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "benchmark-engine", mixinStandardHelpOptions = true,
        description = "CPU per frame of each face-engine stage, on one thread; then each model's forward pass on OpenCV DNN and on "
                + "ONNX Runtime.")
public final class BenchmarkEngineCommand implements Callable<Integer> {
    @Option(names = "--photo", paramLabel = "FILE", defaultValue = "testdata/faces/grace-hopper/frame-01.jpg",
            description = "The photo a 640x480 frame is made of (default ${DEFAULT-VALUE}).")
    Path photo;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "100", description = "Frames a round (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Rounds; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        return new EngineBenchmark(System.out).run(photo, frames, rounds);
    }
}
