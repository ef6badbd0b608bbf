package dev.likeness.testsupport;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client tests call the services' plain-http endpoints with (/q/metrics, /sdk/, REST):
 * HTTP/1.1, since on plain http the JDK client otherwise offers an upgrade to HTTP/2 (h2c), an
 * exchange that has hung against Vert.x; and a short connect timeout, so a service that is down
 * fails the test at once.
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    public static HttpClient client() {
        return CLIENT;
    }
}
