package dev.likeness.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Series read from a service's /q/metrics (Prometheus text format): the bench's counters, the launcher's and tests' probes. */
public final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusText() {
    }

    public static String scrape(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return ""; // a service that does not answer contributes nothing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
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
    public static java.util.Optional<Double> value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return java.util.Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
            }
        }
        return java.util.Optional.empty();
    }
}
