package dev.likeness.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Series read from a service's /q/metrics (Prometheus text format): the bench's counters, the
 * launcher's and tests' probes. {@link StackHttp} fetches the page.
 */
public final class PrometheusText {

    /** The whole exchange, body included. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);

    private PrometheusText() {
    }

    /** {@code uri}'s page, within {@code deadline} for the whole exchange; a 404 reads as an empty page, any other error as none. */
    static Optional<String> fetch(HttpClient client, URI uri, Duration deadline) {
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(HttpRequest.newBuilder(uri).timeout(deadline).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return switch (response.statusCode()) {
                case 200 -> Optional.of(response.body());
                case 404 -> Optional.of("");
                default -> Optional.empty();
            };
        } catch (ExecutionException | TimeoutException e) {
            exchange.cancel(true);
            return Optional.empty();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The values of {@code metric}'s samples by the value of {@code label} (summed over other labels). */
    public static Map<String, Double> byLabel(String text, String metric, String label) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labels = line.substring(metric.length() + 1, close);
            String key = label + "=\"";
            int at = labels.indexOf(key);
            if (at < 0) {
                continue;
            }
            String value = labels.substring(at + key.length(), labels.indexOf('"', at + key.length()));
            values.merge(value, Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]), Double::sum);
        }
        return values;
    }

    /**
     * The value of one series named exactly as it is printed (e.g. {@code likeness_ready} or
     * {@code likeness_auth_templates_resealed_total{outcome="resealed"}}); empty when absent.
     */
    public static Optional<Double> value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
            }
        }
        return Optional.empty();
    }
}
