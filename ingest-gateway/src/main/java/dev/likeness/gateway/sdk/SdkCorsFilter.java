package dev.likeness.gateway.sdk;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;

/**
 * Integrators' pages load the SDK from the gateway's origin with {@code <script type="module">},
 * which browsers fetch in CORS mode: the public SDK files may be read from any origin. Only /sdk/;
 * nothing else the gateway serves gets this header.
 */
public class SdkCorsFilter {

    @RouteFilter
    void allowAnyOriginToReadTheSdk(RoutingContext context) {
        if (context.normalizedPath().startsWith("/sdk/")) {
            context.response().putHeader("Access-Control-Allow-Origin", "*");
        }
        context.next();
    }
}
