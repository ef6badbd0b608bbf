package dev.likeness.demo;

import dev.likeness.client.CustomerBackend;
import dev.likeness.crypto.PemKeys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.nio.file.Files;

/** Builds the framework-free part from configuration, eagerly: an unreadable key stops start-up. */
public class DemoBackendBeans {

    @Produces
    @Startup
    @ApplicationScoped
    CustomerBackend backend(DemoConfig config) throws IOException {
        return new CustomerBackend(PemKeys.readPrivateKey(config.authorizationPrivateKeyFile()), config.tokenAudience(),
                config.verifierUrl(), Files.readString(config.verifierKeyFile()).trim(), config.caFile());
    }

    @Produces
    @ApplicationScoped
    DemoAdminClient admin(DemoConfig config) throws IOException {
        return new DemoAdminClient(PemKeys.readPrivateKey(config.authorizationPrivateKeyFile()), config.adminUrl(), config.caFile());
    }
}
