package dev.likeness.cli.command;

import dev.likeness.subjects.SyntheticLivenessSets;
import dev.likeness.vision.FaceFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "make-liveness-sets", mixinStandardHelpOptions = true,
        description = "Writes synthetic liveness evaluation sets, marked as synthetic: for each portrait, sessions of the simulated "
                + "live subject following a random challenge (genuine) and of attacks on it (a print and a screen moved as asked, a "
                + "looped still, a noisy still, a replay of other moves), for `evaluate-liveness`.")
public final class MakeLivenessSetsCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write genuine/ and attacks/<type>/.")
    Path out;

    @Option(names = "--portrait", paramLabel = "PHOTO", description = "A portrait with one frontal face; repeatable. "
            + "Default: the three public-domain portraits of testdata/faces.")
    List<Path> portraits;

    @Option(names = "--sessions", defaultValue = "2", paramLabel = "N", description = "Sessions of each kind per portrait "
            + "(default ${DEFAULT-VALUE}).")
    int sessions;

    @Override
    public Integer call() throws Exception {
        List<Path> faces = portraits != null ? portraits : List.of(Path.of("testdata/faces/grace-hopper/frame-01.jpg"),
                Path.of("testdata/faces/grace-hopper-second-photo/frame-01.jpg"), Path.of("testdata/faces/eileen-collins/frame-01.jpg"));
        try (FaceFinder finder = FaceFinder.withModels()) {
            SyntheticLivenessSets.write(out, faces, sessions, finder, new SecureRandom());
        }
        System.out.printf("wrote %s/genuine and %s/attacks/{%s} (synthetic); try: ./likeness evaluate-liveness --genuine %s/genuine "
                + "--attacks %s/attacks%n", out, out, String.join(",", SyntheticLivenessSets.ATTACK_TYPES), out, out);
        return 0;
    }
}
