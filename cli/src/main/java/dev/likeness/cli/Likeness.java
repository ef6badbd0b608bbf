package dev.likeness.cli;

import dev.likeness.cli.command.AuthCommand;
import dev.likeness.cli.command.BenchCommand;
import dev.likeness.cli.command.BenchmarkEngineCommand;
import dev.likeness.cli.command.DownCommand;
import dev.likeness.cli.command.EnrollCommand;
import dev.likeness.cli.command.EraseCommand;
import dev.likeness.cli.command.EvaluateCommand;
import dev.likeness.cli.command.EvaluateLivenessCommand;
import dev.likeness.cli.command.FuzzCommand;
import dev.likeness.cli.command.ImagesCommand;
import dev.likeness.cli.command.KillCommand;
import dev.likeness.cli.command.MakeLivenessSetsCommand;
import dev.likeness.cli.command.RestartCommand;
import dev.likeness.cli.command.RotateSigningKeyCommand;
import dev.likeness.cli.command.RotateTemplateKeyCommand;
import dev.likeness.cli.command.SmokeCommand;
import dev.likeness.cli.command.StatusCommand;
import dev.likeness.cli.command.UnlockCommand;
import dev.likeness.cli.command.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code ./likeness}: the whole pipeline on this machine (up, down, status), a client that enrolls
 * or authenticates from image files as a browser would from a camera, and the face engine's
 * evaluation and benchmark; one class per command in {@code command}. Options are parsed by
 * picocli: every command has --help, and an unknown option is an error (exit 2).
 */
@Command(name = "./likeness", mixinStandardHelpOptions = true, version = "Likeness 0.1.0",
        description = "Everything the local stack writes (keys, logs, Kafka and PostgreSQL data) is under .likeness/ "
                + "(or $LIKENESS_HOME). Keys are generated there on first run and never committed.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, EnrollCommand.class, AuthCommand.class,
                EraseCommand.class, UnlockCommand.class, RotateTemplateKeyCommand.class, RotateSigningKeyCommand.class,
                KillCommand.class, RestartCommand.class, FuzzCommand.class, BenchCommand.class, EvaluateCommand.class,
                EvaluateLivenessCommand.class, MakeLivenessSetsCommand.class, BenchmarkEngineCommand.class, ImagesCommand.class,
                SmokeCommand.class})
public final class Likeness {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Likeness())
                .setParameterExceptionHandler(Likeness::refuse)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    boolean usage = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
                    commandLine.getErr().println("likeness: " + (usage ? e.getMessage() : e));
                    return usage ? 2 : 1;
                });
    }

    /**
     * A command line picocli cannot take: an unknown option is named first (picocli would otherwise
     * report a missing required option and not mention the typo), then the command's usage; exit 2.
     */
    private static int refuse(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unknown = command.getUnmatchedArguments();
        err.println(unknown.isEmpty() ? e.getMessage()
                : (unknown.size() == 1 ? "Unknown option: '" + unknown.get(0) + "'" : "Unknown options: " + unknown));
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
