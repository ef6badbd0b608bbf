package dev.likeness.launcher;

import com.sun.net.httpserver.HttpServer;
import dev.likeness.crypto.TrustAnchors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** A scrape answers within its deadline, whole or empty: a service that stalls mid-response never holds its caller. */
class PrometheusTextTest {

    static final HttpClient CLIENT = TrustAnchors.httpClient(Optional.empty(), Duration.ofSeconds(2));
    final CountDownLatch release = new CountDownLatch(1);
    HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    URI serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/whole", exchange -> {
            byte[] body = "up 1.0\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/unavailable", exchange -> {
            byte[] body = "starting".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/stalls", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the headers go now, the body never ends
            OutputStream out = exchange.getResponseBody();
            out.write("up 1.0\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aWholeResponseIsReturned() throws Exception {
        assertThat(PrometheusText.fetch(CLIENT, serve().resolve("/whole"), Duration.ofSeconds(5))).contains("up 1.0\n");
    }

    @Test
    void aResponseWhoseBodyStallsEndsEmptyAtTheDeadline() throws Exception {
        URI stalls = serve().resolve("/stalls");
        long started = System.nanoTime();
        Optional<String> text = PrometheusText.fetch(CLIENT, stalls, Duration.ofMillis(500));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(text).isEmpty();
        assertThat(seconds).as("headers came at once, so the request timeout alone would never fire").isLessThan(3);
    }

    @Test
    void aPortNobodyListensOnIsEmpty() throws Exception {
        serve();
        int port = server.getAddress().getPort();
        server.stop(0);
        StackHttp http = new StackHttp(Optional.empty());
        URI base = URI.create("http://localhost:" + port);
        assertThat(http.scrape(base)).isEmpty();
        assertThat(http.metrics(base)).as("told apart from an empty page").isEmpty();
    }

    @Test
    void anErrorStatusIsNoReading() throws Exception {
        assertThat(PrometheusText.fetch(CLIENT, serve().resolve("/unavailable"), Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aServiceWithoutThePageReadsAsAnEmptyPage() throws Exception {
        assertThat(PrometheusText.fetch(CLIENT, serve().resolve("/no-such-page"), Duration.ofSeconds(5))).contains("");
    }
}
