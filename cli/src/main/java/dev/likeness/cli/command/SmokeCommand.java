package dev.likeness.cli.command;

import dev.likeness.cli.SmokeCheck;
import dev.likeness.client.CustomerBackend;
import dev.likeness.crypto.PemKeys;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalStack;
import dev.likeness.launcher.StackPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"One enrollment and one authentication of a fresh user against a running stack (the local one by default, "
                + "or a deployed one), each JWT verified at jwt-verifier; exit 0 when both pass.",
                "Acts as the customer's backend: it needs that customer's user-token private key, image public key and "
                        + "verifier caller key (--keys, in the layout ./likeness up writes to .likeness/keys/demo/)."})
public final class SmokeCommand implements Callable<Integer> {

    @Option(names = "--gateway",
            description = "The sessions URL, e.g. wss://likeness.example.com/v1/sessions (default: the local stack's).")
    URI gateway;

    @Option(names = "--verifier",
            description = "jwt-verifier's URL, e.g. https://jwt-verifier:8084/v1/verify (default: the local stack's).")
    URI verifier;

    @Option(names = "--keys", description = "The customer's keys: user-authorization.private.pem, image-encryption.public.pem and "
            + "verifier-caller.key (default: the local stack's demo customer's).")
    Path keys;

    @Option(names = "--ca", description = "The CA certificate (PEM) jwt-verifier's HTTPS certificate chains to (default: the local "
            + "stack's; with --verifier and no --ca, the JDK's trusted CAs).")
    Path ca;

    @Option(names = "--customer", defaultValue = DemoCustomer.NAME, description = "The customer (default: ${DEFAULT-VALUE}).")
    String customer;

    @Option(names = "--image-key-id", defaultValue = DemoCustomer.IMAGE_KEY_ID,
            description = "The image key's id (default: ${DEFAULT-VALUE}).")
    String imageKeyId;

    @Option(names = "--audience", defaultValue = DemoCustomer.TOKEN_AUDIENCE,
            description = "The user tokens' audience the gateway expects (default: ${DEFAULT-VALUE}).")
    String audience;

    @Option(names = "--origin", description = "The Origin to send, one the customer's allowed-origins lists (a deployment refuses none).")
    String origin;

    @Override
    public Integer call() throws Exception {
        boolean needsLocal = gateway == null || verifier == null || keys == null;
        Optional<LocalStack> local = needsLocal ? Optional.of(StackHome.locate()) : Optional.empty();
        Optional<StackPorts> ports = local.isPresent() ? Optional.of(local.get().ports()) : Optional.empty();
        Path keyFolder = keys != null ? keys : local.orElseThrow().customer().authorizationPrivateKey().getParent();
        Optional<Path> verifierCa = Optional.ofNullable(ca)
                .or(() -> verifier == null ? local.map(stack -> stack.customer().tls().caCertificate()) : Optional.empty());
        CustomerBackend backend = new CustomerBackend(PemKeys.readPrivateKey(keyFolder.resolve("user-authorization.private.pem")), audience,
                verifier != null ? verifier : URI.create(ports.orElseThrow().verifierUrl()),
                Files.readString(keyFolder.resolve("verifier-caller.key")).trim(), verifierCa);
        Map<String, String> headers = new LinkedHashMap<>();
        if (origin != null) {
            headers.put("Origin", origin);
        }
        SmokeCheck.Target target = new SmokeCheck.Target(gateway != null ? gateway : URI.create(ports.orElseThrow().gatewayUrl()), headers,
                customer, imageKeyId, PemKeys.readPublicKey(keyFolder.resolve("image-encryption.public.pem")), backend);
        List<SmokeCheck.Verdict> verdicts = new SmokeCheck(target).run(System.out);
        return verdicts.size() == 2 && verdicts.stream().allMatch(SmokeCheck.Verdict::passed) ? 0 : 1;
    }
}
