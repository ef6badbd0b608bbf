package dev.likeness.auth.admin;

import dev.likeness.crypto.ImageKeyRing;
import dev.likeness.crypto.PemKeys;
import dev.likeness.testsupport.TestKeys;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageKeyStatesTest {

    @TempDir
    static Path keys;
    static Path oldKey;
    static Path newKey;
    static KeyPair newPair;

    record Key(String customer, Path privateKeyFile, boolean retired, boolean current) implements ImageKeyStates.Marked {
    }

    @BeforeAll
    static void keyFiles() throws Exception {
        oldKey = keys.resolve("old.pem");
        PemKeys.writePrivateKey(TestKeys.rsa().getPrivate(), oldKey);
        newPair = TestKeys.rsa();
        newKey = keys.resolve("new.pem");
        PemKeys.writePrivateKey(newPair.getPrivate(), newKey);
    }

    /** The states of {@code keys}, with the ring auth-service loads from the same files. */
    static ImageKeyStates states(Map<String, Key> keys) throws Exception {
        return ImageKeyStates.of(keys, ImageKeyRing.load(keys));
    }

    @Test
    void aCustomersOnlyKeyInUseIsCurrentAndListedWithItsPublicKey() throws Exception {
        ImageKeyStates states = states(Map.of("demo-2", new Key("demo", newKey, false, false),
                "demo-1", new Key("demo", oldKey, true, false)));
        assertThat(states.of("demo")).extracting(ImageKeyStates.Listed::keyId, ImageKeyStates.Listed::state)
                .containsExactly(Tuple.tuple("demo-1", ImageKeyStates.State.RETIRED),
                        Tuple.tuple("demo-2", ImageKeyStates.State.CURRENT));
        assertThat(PemKeys.parsePublicKey(states.of("demo").get(1).publicKey())).isEqualTo(newPair.getPublic());
        assertThat(states.of("acme")).isEmpty();
    }

    @Test
    void duringARotationTheMarkedKeyIsCurrentAndTheOtherStillAccepted() throws Exception {
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put("demo-1", new Key("demo", oldKey, false, false));
        keys.put("demo-2", new Key("demo", newKey, false, true));
        keys.put("acme-1", new Key("acme", oldKey, false, false));
        ImageKeyStates states = states(keys);
        assertThat(states.of("demo")).extracting(ImageKeyStates.Listed::state)
                .containsExactly(ImageKeyStates.State.ACCEPTED, ImageKeyStates.State.CURRENT);
        assertThat(states.of("acme")).extracting(ImageKeyStates.Listed::state).containsExactly(ImageKeyStates.State.CURRENT);
    }

    @Test
    void unclearMarksStopTheStart() {
        assertThatThrownBy(() -> states(Map.of("demo-1", new Key("demo", oldKey, false, false),
                "demo-2", new Key("demo", newKey, false, false)))).hasMessageContaining("mark the one clients should use");
        assertThatThrownBy(() -> states(Map.of("demo-1", new Key("demo", oldKey, false, true),
                "demo-2", new Key("demo", newKey, false, true)))).hasMessageContaining("several image keys marked current");
        assertThatThrownBy(() -> states(Map.of("demo-1", new Key("demo", oldKey, true, true))))
                .hasMessageContaining("both current and retired");
    }
}
