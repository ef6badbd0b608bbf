package dev.likeness.gateway.sdk;

import dev.likeness.gateway.GatewayConfig;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo page (/demo/) ships in the same jar as the SDK, but a production gateway does not
 * serve it unless configured to: a page on the customer-facing origin that takes its backend
 * from the query ({@code ?backend=}) is one a phishing link can point anywhere. The local stack
 * turns it on; a deployment answers 404.
 */
public class DemoPageSwitch {

    private final boolean serveDemoPage;

    DemoPageSwitch(GatewayConfig config) {
        this.serveDemoPage = config.serveDemoPage();
    }

    @RouteFilter
    void hideTheDemoPageUnlessConfigured(RoutingContext context) {
        String path = context.normalizedPath();
        if (!serveDemoPage && (path.equals("/demo") || path.startsWith("/demo/"))) {
            context.response().setStatusCode(404).end();
            return;
        }
        context.next();
    }
}
