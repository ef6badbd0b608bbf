package dev.likeness.database;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One schema, brought up to date by Flyway from versioned SQL files in a classpath folder. The
 * files are named rather than found by scanning the classpath: Quarkus's class loader does not
 * list a jar's folders as Flyway's scanner expects, and a named list cannot silently miss a file.
 * Flyway's history lock makes it safe for several instances to start at once.
 *
 * @param schema       the schema the migrations create and run in (their unqualified names land there)
 * @param historyTable Flyway's history table in that schema; two sets of migrations sharing a schema need two
 * @param folder       the classpath folder of the files, ending in {@code /}
 * @param files        every migration, in order
 * @param baseline     the version a schema that exists without a history is taken to be at, if any
 *                     (a database an earlier, pre-Flyway release created); empty refuses such a schema
 */
public record SchemaMigrations(String schema, String historyTable, String folder, List<String> files, Optional<String> baseline) {

    public SchemaMigrations {
        files = List.copyOf(files);
    }

    public MigrateResult migrate(DataSource database) {
        var configuration = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database)
                .schemas(schema)
                .defaultSchema(schema)
                .table(historyTable)
                .resourceProvider(new NamedMigrations());
        baseline.ifPresent(version -> configuration.baselineOnMigrate(true).baselineVersion(version));
        return configuration.load().migrate();
    }

    /** The application's class loader, which sees every jar's migrations (this one's own may be a parent that does not). */
    private static ClassLoader resources() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SchemaMigrations.class.getClassLoader();
    }

    /** The migrations of {@link #files()}, read from the classpath. */
    private final class NamedMigrations implements ResourceProvider {

        @Override
        public LoadableResource getResource(String name) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            return files.contains(file) ? new Migration(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return files.stream()
                    .filter(file -> file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith))
                    .<LoadableResource>map(Migration::new)
                    .toList();
        }
    }

    private final class Migration extends LoadableResource {

        private final String file;

        Migration(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            try (InputStream in = resources().getResourceAsStream(folder + file)) {
                if (in == null) {
                    throw new IllegalStateException(folder + file + " is missing from the classpath");
                }
                return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return folder + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return folder + file;
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
