package dev.likeness.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: help on every command, unknown or missing options refused with a message. */
class LikenessCommandLineTest {

    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        CommandLine commandLine = Likeness.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"up", "down", "status", "enroll", "auth", "evaluate", "benchmark-engine"}) {
            Outcome help = run(command, "--help");
            assertThat(help.status()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: ./likeness " + command);
        }
        assertThat(run("--help").out()).contains("enroll", "auth", "evaluate", "benchmark-engine");
    }

    @Test
    void anUnknownOptionFailsWithAClearMessage() {
        Outcome bogus = run("enroll", "--bogus");
        assertThat(bogus.status()).isEqualTo(2);
        assertThat(bogus.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void requiredAndExclusiveOptionsAreChecked() {
        assertThat(run("enroll", "--images", "x").err()).contains("Missing required option: '--username=NAME'");
        assertThat(run("auth", "--username", "grace").err()).contains("--images=DIR", "--video=FILE.mjpeg");
        assertThat(run("auth", "--username", "grace", "--images", "a", "--video", "b").err()).contains("mutually exclusive");
        assertThat(run("evaluate").status()).isEqualTo(2);
        assertThat(run("nonsense").status()).isEqualTo(2);
    }
}
