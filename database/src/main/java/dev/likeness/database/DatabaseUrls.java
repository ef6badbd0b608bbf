package dev.likeness.database;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a JDBC URL says about the connection's transport. The database holds templates, lockouts
 * and the audit, and the password crosses the network when the connection opens: a database on
 * another host is reached only with {@code sslmode=verify-full} (TLS, the server's certificate
 * checked against {@code sslrootcert} and its host name), so neither a passive listener nor a
 * machine posing as the database gets either. A database on this host (the local stack's, the
 * tests') needs none.
 */
public final class DatabaseUrls {

    private static final String PREFIX = "jdbc:postgresql:";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private DatabaseUrls() {
    }

    /** Refuses {@code jdbcUrl} when it reaches another host without a verified TLS certificate. */
    public static void requireVerifiedTls(String jdbcUrl) {
        if (hosts(jdbcUrl).stream().allMatch(LOOPBACK::contains)) {
            return;
        }
        if (!"verify-full".equals(parameter(jdbcUrl, "sslmode"))) {
            throw new IllegalStateException("the database URL reaches another host without a verified TLS certificate: add "
                    + "sslmode=verify-full and sslrootcert=<the CA file> to it");
        }
    }

    /** The hosts a URL names; localhost when it names none ({@code jdbc:postgresql:db}). */
    static List<String> hosts(String jdbcUrl) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        String rest = jdbcUrl.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            return List.of("localhost");
        }
        rest = rest.substring(2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return List.of(rest.substring(0, end).split(",")).stream().map(DatabaseUrls::withoutPort)
                .map(host -> host.isEmpty() ? "localhost" : host.toLowerCase(Locale.ROOT)).toList();
    }

    private static String withoutPort(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        boolean bracketed = hostAndPort.startsWith("[");
        if (colon < 0 || (bracketed && colon < hostAndPort.indexOf(']'))) {
            return hostAndPort;
        }
        return hostAndPort.substring(0, colon);
    }

    private static String parameter(String jdbcUrl, String name) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return null;
        }
        String found = null;
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                found = pair.substring(equals + 1); // the driver takes the last one given
            }
        }
        return found;
    }
}
