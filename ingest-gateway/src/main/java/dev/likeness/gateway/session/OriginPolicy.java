package dev.likeness.gateway.session;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which web pages may open sessions for one customer: the browser's {@code Origin} header must be
 * one of the customer's allowed origins, so a page on another site cannot use a token it obtained
 * (WebSockets are not covered by CORS; the server has to check). An entry matches exactly, or
 * with {@code :*} as its port, any port of that scheme and host (for development). No Origin at
 * all is what non-browser clients send (the CLI, a server-side integration); it is allowed only
 * when the customer's configuration says so. No allowed origins means no browser page may: closed
 * by default.
 */
public record OriginPolicy(List<String> allowedOrigins, boolean allowMissingOrigin) {

    public OriginPolicy {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean allows(Optional<String> origin) {
        if (origin.isEmpty() || origin.get().isBlank()) {
            return allowMissingOrigin;
        }
        String presented = origin.get().trim().toLowerCase(Locale.ROOT);
        for (String allowed : allowedOrigins) {
            String entry = allowed.trim().toLowerCase(Locale.ROOT);
            if (entry.endsWith(":*")) {
                String prefix = entry.substring(0, entry.length() - 1); // "http://localhost:"
                String port = presented.startsWith(prefix) ? presented.substring(prefix.length()) : "";
                if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
                    return true;
                }
            } else if (entry.equals(presented)) {
                return true;
            }
        }
        return false;
    }
}
