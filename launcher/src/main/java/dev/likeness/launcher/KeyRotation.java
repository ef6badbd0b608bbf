package dev.likeness.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Rotating the local stack's keys as an operator would in a cluster: a new key becomes current,
 * the old one stays usable for what still needs it, and auth-service restarts to take both. While
 * auth-service restarts its embedded database is down too: sessions starting then get
 * SERVER_UNAVAILABLE.
 */
public final class KeyRotation {

    /** auth-service's likeness.auth.token-lifetime (its default, which the local stack keeps). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration MAX_RESEAL = Duration.ofMinutes(10);

    private final LocalStack stack;
    private final DemoCustomer customer;

    KeyRotation(LocalStack stack, DemoCustomer customer) {
        this.stack = stack;
        this.customer = customer;
    }

    /** What auth-service's re-seal after a template-key rotation counted. */
    public record TemplateReseal(long resealed, long alreadyCurrent, long changedMeanwhile, long unreadable) {
    }

    /**
     * Rotates the template key: a fresh key becomes current, the old one previous; auth-service
     * restarts with both and re-seals every template in the background; once the re-seal is done
     * and no template was unreadable, the previous key files are deleted.
     */
    public TemplateReseal rotateTemplateKey() throws Exception {
        requireAuthService();
        Path previous = customer.rotateTemplateKey();
        stack.out().printf("new template key in %s; the previous one kept as %s%n", customer.templateKey(), previous);
        stack.restart(StackService.AUTH_SERVICE.module());
        URI authService = stack.instance(StackService.AUTH_SERVICE.module()).baseUrl();
        stack.out().println("auth-service is re-sealing every template with the new key");
        long deadline = System.nanoTime() + MAX_RESEAL.toNanos();
        while (PrometheusText.value(stack.http().scrape(authService), "likeness_auth_template_reseal_running").orElse(1.0) != 0.0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the re-seal did not finish within " + MAX_RESEAL.toMinutes() + " minutes; see "
                        + stack.process(StackService.AUTH_SERVICE.module()).logFile());
            }
            Thread.sleep(250);
        }
        Map<String, Double> resealed = PrometheusText.byLabel(stack.http().scrape(authService), "likeness_auth_templates_resealed_total",
                "outcome");
        TemplateReseal reseal = new TemplateReseal(count(resealed, "resealed"), count(resealed, "already_current"),
                count(resealed, "changed_meanwhile"), count(resealed, "unreadable"));
        if (reseal.unreadable() == 0) {
            for (Path key : customer.previousTemplateKeys()) {
                Files.delete(key);
            }
        }
        return reseal;
    }

    /**
     * Rotates the signing key: a fresh key (new {@code kid}) signs from now on, the old one is
     * published beside it until its tokens have expired; running verifiers fetch the new key on its
     * unknown {@code kid}. Returns the new key's id.
     */
    public String rotateSigningKey() throws Exception {
        requireAuthService();
        String keyId = customer.rotateSigningKey(TOKEN_LIFETIME);
        stack.restart(StackService.AUTH_SERVICE.module());
        return keyId;
    }

    private void requireAuthService() {
        if (!stack.process(StackService.AUTH_SERVICE.module()).isAlive()) {
            throw new IllegalStateException("auth-service is not running; `./likeness up` first");
        }
    }

    private static long count(Map<String, Double> byOutcome, String outcome) {
        return byOutcome.getOrDefault(outcome, 0.0).longValue();
    }
}
