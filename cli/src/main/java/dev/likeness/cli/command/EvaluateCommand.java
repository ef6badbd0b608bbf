package dev.likeness.cli.command;

import dev.likeness.cli.engine.FaceEvaluation;
import dev.likeness.vision.FaceDescriber;
import dev.likeness.vision.FaceFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Genuine and impostor descriptor distances on your own photos (one sub-folder per person), "
                + "and the false-accept and false-reject rates at the threshold and around it.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--faces", required = true, paramLabel = "DIR",
            description = "One sub-folder per person, any number of photos each.")
    Path faces;

    @Option(names = "--threshold", paramLabel = "T",
            description = "The threshold to report at (default: the model's published operating point, 0.6).")
    Double threshold;

    @Override
    public Integer call() throws Exception {
        return new FaceEvaluation(FaceFinder.withModels(), new FaceDescriber(), System.out)
                .run(faces, threshold == null ? FaceDescriber.PUBLISHED_THRESHOLD : threshold);
    }
}
