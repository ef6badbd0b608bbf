package dev.likeness.cli.command;

import dev.likeness.launcher.LocalStack;

import java.nio.file.Path;

/**
 * Where the local stack of this checkout lives: the repository the {@code ./likeness} script runs
 * from, and the stack's own folder, {@code $LIKENESS_HOME} or {@code .likeness/} inside it.
 */
final class StackHome {

    private StackHome() {
    }

    /** The checkout the {@code ./likeness} script runs from. */
    static Path repository() {
        return Path.of(System.getProperty("likeness.repository", ".")).toAbsolutePath().normalize();
    }

    static LocalStack locate() {
        Path repository = repository();
        String homeSetting = System.getenv("LIKENESS_HOME");
        Path home = homeSetting == null || homeSetting.isBlank() ? repository.resolve(".likeness") : Path.of(homeSetting);
        return new LocalStack(repository, home, System.out);
    }
}
