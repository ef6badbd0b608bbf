package dev.likeness.gateway.sdk;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The SDK at a pinned address: {@code /sdk/<version>/<file>} serves the files of the SDK this
 * gateway ships when {@code <version>} is its version (read from the build's
 * {@code sdk/integrity.json}), and 404 for any other, so a page that pins a version and its
 * Subresource Integrity hash gets exactly those bytes or nothing. Pinned files never change:
 * browsers may keep them a year. The unversioned {@code /sdk/<file>} follows upgrades, so browsers
 * revalidate it.
 */
@Singleton
public class SdkRelease {

    static final String PINNED = "public, max-age=31536000, immutable";
    static final String FOLLOWING = "no-cache";
    private static final Logger LOG = Logger.getLogger(SdkRelease.class);
    private static final String MANIFEST = "META-INF/resources/sdk/integrity.json";
    private static final String PREFIX = "/sdk/";
    private static final String REROUTED_FROM_PIN = "likeness.sdk.pinned";

    private final Optional<String> version;

    SdkRelease() {
        this.version = readVersion();
        LOG.infof("serving the web SDK %s at /sdk/ and /sdk/%<s/", version.orElse("(none on the classpath)"));
    }

    /** The SDK's version, as its build wrote it; empty when the gateway ships no SDK. */
    public Optional<String> version() {
        return version;
    }

    @RouteFilter(100) // before the CORS filter: a pinned path is rerouted to the file it names
    void servePinnedVersions(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.startsWith(PREFIX)) {
            context.next();
            return;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (looksLikeVersion(first)) {
            if (version.isEmpty() || !version.get().equals(first)) {
                context.response().setStatusCode(404).end();
                return;
            }
            // Routing restarts on the file's own path (headers set now would not survive it): remember why.
            context.put(REROUTED_FROM_PIN, Boolean.TRUE);
            context.reroute(PREFIX + rest.substring(slash + 1));
            return;
        }
        context.response().putHeader("Cache-Control", Boolean.TRUE.equals(context.get(REROUTED_FROM_PIN)) ? PINNED : FOLLOWING);
        context.next();
    }

    /** A semantic version (1.2.3, 1.2.3-rc.1): a path segment no SDK file or folder is named like. */
    static boolean looksLikeVersion(String segment) {
        return segment.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    }

    private static Optional<String> readVersion() {
        try (InputStream manifest = Thread.currentThread().getContextClassLoader().getResourceAsStream(MANIFEST)) {
            if (manifest == null) {
                return Optional.empty();
            }
            JsonObject release = new JsonObject(new String(manifest.readAllBytes(), StandardCharsets.UTF_8));
            return Optional.ofNullable(release.getString("version")).filter(SdkRelease::looksLikeVersion);
        } catch (IOException e) {
            throw new UncheckedIOException("the web SDK's " + MANIFEST + " is unreadable", e);
        }
    }
}
