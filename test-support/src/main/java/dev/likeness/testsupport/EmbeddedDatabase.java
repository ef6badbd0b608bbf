package dev.likeness.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A real PostgreSQL (embedded, from Maven Central binaries) for one test class, in a data
 * directory that is deleted when the class is done:
 * {@code @RegisterExtension static final EmbeddedDatabase database = new EmbeddedDatabase();}
 * What a test opens on it through {@link #closedAfterAll} is closed before the server stops.
 */
public final class EmbeddedDatabase implements BeforeAllCallback, AfterAllCallback {

    /** The superuser, passwordless on loopback. */
    public static final String USER = "postgres";

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    /** The JDBC URL of its {@code postgres} database, for {@link #USER}. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    /** Registers {@code resource} (a pool, say) to be closed after the class, newest first; returns it. */
    public <T extends AutoCloseable> T closedAfterAll(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        postgres.close();
    }
}
