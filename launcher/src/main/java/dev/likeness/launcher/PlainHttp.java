package dev.likeness.launcher;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client for the local stack's plain-http endpoints, pinned to HTTP/1.1: on plain http
 * the JDK client otherwise offers an upgrade to HTTP/2 (h2c) with its first request, an exchange
 * Vert.x servers have mishandled; a bench's scrape of a service once waited ten minutes in it, past
 * its request timeout, which bounds only the wait for the response's headers. (demo-backend and
 * jwt-verifier, deployed on their own, build theirs the same way.)
 */
public final class PlainHttp {

    private PlainHttp() {
    }

    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }
}
