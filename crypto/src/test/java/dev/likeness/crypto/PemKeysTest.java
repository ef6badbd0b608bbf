package dev.likeness.crypto;

import dev.likeness.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemKeysTest {

    static PublicKey rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair().getPublic();
    }

    static PublicKey ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair().getPublic();
    }

    /** A customer configured with a key anyone could factor or a weak curve: the service does not start with it. */
    @Test
    void aWeakCustomerKeyStopsTheStart(@TempDir Path folder) throws Exception {
        Path weak = folder.resolve("weak.pem");
        PemKeys.writePublicKey(rsa(1024), weak);
        Path strong = folder.resolve("strong.pem");
        PemKeys.writePublicKey(TestKeys.ec().getPublic(), strong);

        assertThat(PemKeys.readPublicKeysByOwner(Map.of("demo", List.of(strong)), "authorization key").get("demo")).hasSize(1);
        assertThatThrownBy(() -> PemKeys.readPublicKeysByOwner(Map.of("demo", List.of(strong, weak)), "authorization key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authorization key of demo").hasMessageContaining("1024 bits");
    }

    @Test
    void signingStrengthIsRsa2048OrTheEsCurves() throws Exception {
        PemKeys.requireSigningStrength(rsa(2048));
        PemKeys.requireSigningStrength(ec("secp256r1"));
        PemKeys.requireSigningStrength(ec("secp384r1"));
        PemKeys.requireSigningStrength(ec("secp521r1"));
        assertThatThrownBy(() -> PemKeys.requireSigningStrength(rsa(1536))).isInstanceOf(IllegalArgumentException.class);
    }
}
