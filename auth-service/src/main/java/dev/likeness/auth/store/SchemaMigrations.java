package dev.likeness.auth.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The {@code auth} schema, brought up to date by Flyway from the versioned SQL files in
 * {@code db/migration}. The files are named here rather than found by scanning the classpath:
 * Quarkus's class loader does not list a jar's folders as Flyway's scanner expects, and a named
 * list cannot silently miss a file. A database the pre-Flyway releases created (its table made by
 * hand, no history) is baselined at version 1, which is that same schema.
 */
public final class SchemaMigrations {

    static final String SCHEMA = "auth";
    /** Every migration, in order. Add a file to db/migration and its name here. */
    static final List<String> MIGRATIONS = List.of("V1__templates.sql", "V2__authentication_failures.sql", "V3__admin_audit.sql");
    private static final String FOLDER = "db/migration/";

    private SchemaMigrations() {
    }

    public static MigrateResult migrate(DataSource database) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .resourceProvider(new NamedMigrations())
                .load()
                .migrate();
    }

    /** The migrations of {@link #MIGRATIONS}, read from this jar. */
    private static final class NamedMigrations implements ResourceProvider {

        @Override
        public LoadableResource getResource(String name) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            return MIGRATIONS.contains(file) ? new Migration(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return MIGRATIONS.stream()
                    .filter(file -> file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith))
                    .<LoadableResource>map(Migration::new)
                    .toList();
        }
    }

    private static final class Migration extends LoadableResource {

        private final String file;

        Migration(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
                if (in == null) {
                    throw new IllegalStateException(FOLDER + file + " is missing from the auth-service jar");
                }
                return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return FOLDER + file;
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
