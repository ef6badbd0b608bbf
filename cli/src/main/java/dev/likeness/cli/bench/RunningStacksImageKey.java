package dev.likeness.cli.bench;

import dev.likeness.crypto.PemKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The private half of the image key the running stack's clients encrypt to, read from this
 * {@code LIKENESS_HOME}: the raw baseline opens frames as the services do. A home that is not the
 * running stack's (no key there, or another stack's) is said as such, not as a missing file or a
 * frame that does not decrypt.
 */
final class RunningStacksImageKey {

    private RunningStacksImageKey() {
    }

    /** The key in {@code file} of {@code home}, if its public half is {@code served}, the one the demo backend hands out. */
    static PrivateKey read(Path file, PublicKey served, Path home) throws IOException {
        String advice = "run the bench with the LIKENESS_HOME the stack was started with (this one is " + home + ")";
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("the running stack's image key is not in " + home + "; " + advice);
        }
        PrivateKey key = PemKeys.readPrivateKey(file);
        if (!PemKeys.publicHalf(key).equals(served)) {
            throw new IllegalStateException("the image key in " + home + " is not the one the running stack's clients encrypt to; "
                    + advice);
        }
        return key;
    }
}
