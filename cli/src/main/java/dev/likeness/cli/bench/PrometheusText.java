package dev.likeness.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Counters read from a service's /q/metrics (Prometheus text format), summed per label value. */
final class PrometheusText {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusText() {
    }

    static String scrape(int port) {
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
    static Map<String, Double> byLabel(String text, String metric, String label) {
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
}
