package dev.likeness.auth.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jboss.logging.Logger;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Lets a call through only from a peer whose client certificate names one of the allowed
 * identities (a DNS subject alternative name, {@code auth-relay} by default). Mutual TLS alone
 * proves only that the CA signed the certificate; a CA that signs for other services too would
 * let any of them open streams, forge session contexts and read the answers.
 */
public final class PinnedPeer implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(PinnedPeer.class);
    // X.509 GeneralName type of a dNSName.
    private static final int DNS_NAME = 2;

    private final Set<String> allowed;

    public PinnedPeer(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Set<String> names = peerNames(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (names.stream().anyMatch(allowed::contains)) {
            return next.startCall(call, headers);
        }
        LOG.warnf("gRPC call refused: the client certificate names %s, none of %s", names, allowed);
        call.close(Status.PERMISSION_DENIED.withDescription("this client may not call auth-service"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** The DNS names the peer's (leaf) certificate is issued for; none without TLS or a certificate. */
    static Set<String> peerNames(SSLSession session) {
        if (session == null) {
            return Set.of();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? dnsNames(leaf) : Set.of();
        } catch (SSLPeerUnverifiedException e) {
            return Set.of();
        }
    }

    static Set<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new TreeSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (name.get(0) instanceof Integer type && type == DNS_NAME && name.get(1) instanceof String dns) {
                        names.add(dns);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }
}
