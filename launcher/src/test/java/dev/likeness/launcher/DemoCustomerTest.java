package dev.likeness.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCustomerTest {

    @Test
    void generatesEachKeyOnceReadableByTheOwnerOnly(@TempDir Path home) throws Exception {
        DemoCustomer customer = new DemoCustomer(home.resolve("keys"));
        customer.ensureKeys();
        String signingKey = Files.readString(customer.signingKey());
        byte[] imageKey = Files.readAllBytes(customer.imagePrivateKey());

        customer.ensureKeys();
        assertThat(Files.readString(customer.signingKey())).isEqualTo(signingKey);
        assertThat(Files.readAllBytes(customer.imagePrivateKey())).isEqualTo(imageKey);

        for (Path secret : new Path[]{customer.signingKey(), customer.templateKey(), customer.imagePrivateKey(),
                customer.authorizationPrivateKey()}) {
            assertThat(Files.getPosixFilePermissions(secret)).as(secret.toString())
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(customer.loadImagePublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(customer.loadAuthorizationPrivateKey().getAlgorithm()).isEqualTo("EC");
    }
}
