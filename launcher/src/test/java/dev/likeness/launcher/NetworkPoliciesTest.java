package dev.likeness.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/base's NetworkPolicies, evaluated as Kubernetes would for the pods of the five
 * workloads (in their own namespace, which carries no label a policy asks of another): every
 * flow between them that both the sender's egress and the receiver's ingress allow, and every
 * port each may reach outside. Each must be exactly what the code does.
 */
class NetworkPoliciesTest {

    static final String NAMESPACE = "likeness";
    static final List<String> WORKLOADS = List.of("ingest-gateway", "quality-service", "auth-relay", "auth-service", "jwt-verifier");
    static final Peer DNS = new Peer(Map.of("kubernetes.io/metadata.name", "kube-system"), Map.of("k8s-app", "kube-dns"));
    static final Peer BROKER = new Peer(Map.of("kubernetes.io/metadata.name", NAMESPACE), Map.of("strimzi.io/cluster", "likeness-kafka"));
    static final Peer OUTSIDE = new Peer(null, null);
    /** Each workload's container ports, by name ("http" -> 8083). */
    static final Map<String, Map<String, Integer>> PORTS = new HashMap<>();
    static List<JsonNode> policies;

    @BeforeAll
    static void read() throws Exception {
        List<JsonNode> documents = DeploymentManifestsTest.base();
        policies = DeploymentManifestsTest.ofKind(documents, "NetworkPolicy");
        for (String workload : WORKLOADS) {
            JsonNode pod = DeploymentManifestsTest.workloads(documents).stream()
                    .filter(d -> d.path("metadata").path("name").asText().equals(workload)).findFirst()
                    .orElseThrow().path("spec").path("template").path("spec");
            Map<String, Integer> ports = new HashMap<>();
            pod.path("containers").get(0).path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            PORTS.put(workload, ports);
        }
    }

    static boolean selects(JsonNode selector, Map<String, String> labels) {
        for (var label : (Iterable<Map.Entry<String, JsonNode>>) selector.path("matchLabels")::fields) {
            if (!label.getValue().asText().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            assertThat(expression.path("operator").asText()).as("this evaluator knows In").isEqualTo("In");
            boolean in = false;
            for (JsonNode value : expression.path("values")) {
                in |= value.asText().equals(labels.get(expression.path("key").asText()));
            }
            if (!in) {
                return false;
            }
        }
        return true;
    }

    /** A pod a flow may come from or go to: its namespace's labels and its own; an address outside the cluster has neither. */
    record Peer(Map<String, String> namespace, Map<String, String> pod) {
        static Peer workload(String name) {
            return new Peer(Map.of("kubernetes.io/metadata.name", NAMESPACE), Map.of("app.kubernetes.io/name", name));
        }
    }

    static Map<String, String> podLabels(String workload) {
        return Map.of("app.kubernetes.io/name", workload);
    }

    /** Whether a rule's peer list admits {@code peer}. */
    static boolean admits(JsonNode peers, Peer peer) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        if (peer.pod() == null) {
            return false; // outside the cluster: only an ipBlock would name it, and none does
        }
        for (JsonNode entry : peers) {
            boolean namespaceMatches = entry.has("namespaceSelector") ? selects(entry.path("namespaceSelector"), peer.namespace())
                    : NAMESPACE.equals(peer.namespace().get("kubernetes.io/metadata.name"));
            boolean podMatches = !entry.has("podSelector") || selects(entry.path("podSelector"), peer.pod());
            if (!entry.has("ipBlock") && namespaceMatches && podMatches) {
                return true;
            }
        }
        return false;
    }

    static boolean portAllowed(JsonNode ports, String destination, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode allowed : ports) {
            JsonNode value = allowed.path("port");
            int number = value.isInt() ? value.asInt() : PORTS.getOrDefault(destination, Map.of()).getOrDefault(value.asText(), -1);
            if (number == port) {
                return true;
            }
        }
        return false;
    }

    /** Whether the policies selecting {@code workload} of {@code type} let this flow through. */
    static boolean allowed(String workload, String type, Peer peer, String destination, int port) {
        boolean isolated = false;
        for (JsonNode policy : policies) {
            JsonNode spec = policy.path("spec");
            boolean ofType = false;
            for (JsonNode t : spec.path("policyTypes")) {
                ofType |= t.asText().equals(type);
            }
            if (!ofType || !selects(spec.path("podSelector"), podLabels(workload))) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path(type.equals("Ingress") ? "ingress" : "egress")) {
                if (admits(rule.path(type.equals("Ingress") ? "from" : "to"), peer) && portAllowed(rule.path("ports"), destination, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    @Test
    void everyWorkloadIsDeniedByDefaultBothWays() {
        for (String workload : WORKLOADS) {
            assertThat(allowed(workload, "Ingress", OUTSIDE, workload, 1234)).as(workload + " ingress").isFalse();
            assertThat(allowed(workload, "Egress", OUTSIDE, "outside", 1234)).as(workload + " egress").isFalse();
        }
    }

    /** Between the workloads, only the relay's gRPC and the verifier's JWKS fetch go through: the gateway cannot reach auth-service. */
    @Test
    void betweenTheWorkloadsOnlyTheFlowsTheCodeMakesAreAllowed() {
        Set<String> flows = new TreeSet<>();
        for (String from : WORKLOADS) {
            for (String to : WORKLOADS) {
                for (int port : PORTS.get(to).values()) {
                    if (!from.equals(to) && allowed(from, "Egress", Peer.workload(to), to, port)
                            && allowed(to, "Ingress", Peer.workload(from), to, port)) {
                        flows.add(from + " -> " + to + ":" + port);
                    }
                }
            }
        }
        assertThat(flows).containsExactly("auth-relay -> auth-service:9090", "jwt-verifier -> auth-service:8083");
    }

    /** What each may reach (DNS, the brokers, an address outside such as the database, the other workloads), by port. */
    @Test
    void eachWorkloadReachesOutOnlyOnItsOwnPorts() {
        Map<String, Set<Integer>> expected = Map.of(
                "ingest-gateway", Set.of(53, 9093, 5432),
                "quality-service", Set.of(53, 9093),
                "auth-relay", Set.of(53, 9093, 9090),
                "auth-service", Set.of(53, 5432),
                "jwt-verifier", Set.of(53, 8083, 5432));
        for (String workload : WORKLOADS) {
            Set<Integer> ports = new TreeSet<>();
            for (int port : List.of(53, 80, 443, 5432, 8080, 8082, 8083, 8084, 9090, 9092, 9093)) {
                boolean out = List.of(DNS, BROKER, OUTSIDE).stream().anyMatch(peer -> allowed(workload, "Egress", peer, "outside", port));
                if (out || WORKLOADS.stream().anyMatch(to -> allowed(workload, "Egress", Peer.workload(to), to, port))) {
                    ports.add(port);
                }
            }
            assertThat(ports).as(workload).isEqualTo(new TreeSet<>(expected.get(workload)));
        }
    }
}
