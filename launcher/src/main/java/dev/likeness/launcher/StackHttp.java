package dev.likeness.launcher;

import dev.likeness.crypto.TrustAnchors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the launcher and the tools built on it reach the services' health and metrics: plain http on
 * loopback to most, https to auth-service and jwt-verifier, whose certificates the local CA signed
 * and which this client trusts (and no other CA).
 */
public final class StackHttp {

    private final HttpClient client;

    /** {@code caCertificate}: the local CA's PEM certificate; without it only plain http answers. */
    public StackHttp(Optional<Path> caCertificate) {
        this.client = TrustAnchors.httpClient(caCertificate, Duration.ofSeconds(2));
    }

    /** The Quarkus readiness check of the service at {@code base} answers 200. */
    public boolean ready(URI base) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The service's /q/metrics, or none when it does not answer in full within
     * {@link PrometheusText#DEADLINE} or answers with an error, for callers that must tell the two
     * apart. A service without the page (404: the demo backend exports no metrics) reads as an empty
     * page: it has nothing to count.
     */
    public Optional<String> metrics(URI base) {
        return PrometheusText.fetch(client, base.resolve("/q/metrics"), PrometheusText.DEADLINE);
    }

    /** The service's /q/metrics; empty when it does not answer in full: a silent service contributes nothing. */
    public String scrape(URI base) {
        return metrics(base).orElse("");
    }
}
