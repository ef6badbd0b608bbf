package dev.likeness.cli.command;

import dev.likeness.cli.engine.LivenessEvaluation;
import dev.likeness.subjects.SyntheticLivenessSets;
import dev.likeness.vision.FaceFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate-liveness", mixinStandardHelpOptions = true,
        description = "The liveness checks on recorded sessions (MJPEG files, each with an optional NAME.challenge naming the "
                + "moves it was asked), as ISO/IEC 30107-3 counts them: APCER per attack type and the worst, BPCER. "
                + "`make-liveness-sets` writes synthetic sets to try it on.")
public final class EvaluateLivenessCommand implements Callable<Integer> {
    @Option(names = "--genuine", required = true, paramLabel = "DIR", description = "Bona fide sessions.")
    Path genuine;

    @Option(names = "--attacks", required = true, paramLabel = "DIR", description = "One sub-folder of sessions per attack type.")
    Path attacks;

    @Option(names = "--fps", defaultValue = "" + SyntheticLivenessSets.FPS, paramLabel = "N",
            description = "The frame rate the sessions were recorded at (default ${DEFAULT-VALUE}, the SDK's).")
    int fps;

    @Override
    public Integer call() throws Exception {
        try (FaceFinder finder = FaceFinder.withModels()) {
            return new LivenessEvaluation(finder, System.out, fps).run(genuine, attacks);
        }
    }
}
