package dev.likeness.cli.bench;

import dev.likeness.crypto.PemKeys;
import dev.likeness.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bench run from another LIKENESS_HOME than the running stack's says so, rather than failing on a file or a frame. */
class RunningStacksImageKeyTest {

    @TempDir
    Path home;

    @Test
    void theKeyInThisHomeThatTheStackServesIsUsed() throws Exception {
        KeyPair stackKey = TestKeys.rsa();
        Path file = home.resolve("image.private.pem");
        PemKeys.writePrivateKey(stackKey.getPrivate(), file);

        assertThat(RunningStacksImageKey.read(file, stackKey.getPublic(), home)).isEqualTo(stackKey.getPrivate());
    }

    @Test
    void aHomeWithoutTheKeyIsNotTheRunningStacks() throws Exception {
        assertThatThrownBy(() -> RunningStacksImageKey.read(home.resolve("image.private.pem"), TestKeys.rsa().getPublic(), home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the running stack's image key is not in " + home
                        + "; run the bench with the LIKENESS_HOME the stack was started with (this one is " + home + ")");
    }

    @Test
    void aHomeWithAnotherStacksKeyIsNotTheRunningStacks() throws Exception {
        Path file = home.resolve("image.private.pem");
        PemKeys.writePrivateKey(TestKeys.rsa().getPrivate(), file);

        assertThatThrownBy(() -> RunningStacksImageKey.read(file, TestKeys.rsa().getPublic(), home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the image key in " + home + " is not the one the running stack's clients encrypt to");
    }
}
