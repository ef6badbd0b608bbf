package dev.likeness.gateway.session;

import java.util.List;
import java.util.Optional;

/**
 * Where a connection comes from, for the per-source connection limit: the last value of the
 * header the ingress writes the client's address into, when one is configured and present, else
 * the socket's peer host (without its port).
 */
final class ClientSource {

    private ClientSource() {
    }

    static String of(Optional<String> header, List<String> headerValues, String remoteAddress) {
        if (header.isPresent() && headerValues != null && !headerValues.isEmpty()) {
            String last = headerValues.get(headerValues.size() - 1);
            String[] hops = last.split(",");
            String nearest = hops[hops.length - 1].trim();
            if (!nearest.isEmpty()) {
                return nearest;
            }
        }
        return host(remoteAddress);
    }

    private static String host(String remoteAddress) {
        if (remoteAddress == null) {
            return "unknown";
        }
        int port = remoteAddress.lastIndexOf(':');
        // "[::1]:5000" or "127.0.0.1:5000"; an IPv6 address without brackets has more than one colon and no port.
        boolean hasPort = port > 0 && (remoteAddress.startsWith("[") ? remoteAddress.charAt(port - 1) == ']'
                : remoteAddress.indexOf(':') == port);
        return hasPort ? remoteAddress.substring(0, port) : remoteAddress;
    }
}
