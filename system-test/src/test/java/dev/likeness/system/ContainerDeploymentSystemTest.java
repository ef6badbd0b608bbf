package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.client.CustomerBackend;
import dev.likeness.client.SessionClient;
import dev.likeness.client.SessionReport;
import dev.likeness.crypto.TrustAnchors;
import dev.likeness.demo.DemoAdminClient;
import dev.likeness.images.BaseImage;
import dev.likeness.images.Podman;
import dev.likeness.images.ServiceImages;
import dev.likeness.images.SourceRevision;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.launcher.LocalCertificates;
import dev.likeness.launcher.Probes;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import dev.likeness.subjects.FollowingChallenge;
import dev.likeness.subjects.PoseFrames;
import dev.likeness.vision.FaceFinder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests executed, not only parsed: the five images, built here as {@code ./likeness images}
 * builds them, run with exactly the settings {@code kubectl kustomize deploy/overlays/dev} renders
 * ({@link ManifestContainers}: env, ConfigMap files, Secrets as files, runAsUser, a read-only root
 * file system, {@code /tmp} as a size-limited tmpfs, the memory limit, the probes' paths) against a
 * broker with the manifests' TLS listener, SCRAM users and ACLs ({@link SecuredKafka}) and a
 * PostgreSQL reached with {@code sslmode=verify-full}, each under the host name its Service would
 * have. An enrollment and an authentication pass through the containers, and the transaction JWT
 * verifies at the jwt-verifier container. What a container runtime cannot reproduce (Strimzi's
 * operator, Services, the Ingress, autoscalers) is printed with the results.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerDeploymentSystemTest {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final String DATABASE_HOST = "likeness-db-rw";
    /** The dev overlay's allowed Origin: the page an operator serves the SDK from. */
    static final String ORIGIN = "https://likeness.localhost";

    static Path work;
    static Podman podman;
    static SecuredKafka kafka;
    static EmbeddedPostgres database;
    static ManifestContainers containers;
    static DemoCustomer customer;
    static List<JsonNode> rendered;
    static final Map<String, ManifestContainers.Running> PODS = new LinkedHashMap<>();
    static final Map<String, Double> STARTED_SECONDS = new LinkedHashMap<>();
    static List<ServiceImages.Built> images;
    /** The kubelet's side of the probes: HTTPS ones trust the deployment's CA, as Prometheus does. */
    static HttpClient probes;
    /** The live subject every session here plays: the portrait's synthetic head, which follows the challenge. */
    static PoseFrames grace;

    @BeforeAll
    static void imagesBuiltAndStartedWithTheOverlaysSettings() throws Exception {
        assertThat(Podman.installed()).as("podman and runc: apt-get install -y podman runc mmdebstrap (.ci/run installs them)").isTrue();
        work = Files.createTempDirectory("likeness-containers");
        podman = Podman.in(work.resolve("podman"));
        long building = System.nanoTime();
        String base = BaseImage.ensure(podman, work.resolve("base"), false);
        images = new ServiceImages(REPOSITORY, podman).build(base, SourceRevision.of(REPOSITORY, ""));
        System.out.printf(Locale.ROOT, "ContainerDeploymentSystemTest: images built in %.0f s%n", (System.nanoTime() - building) / 1e9);
        images.forEach(image -> System.out.println("  " + image.describe()));

        try (FaceFinder finder = FaceFinder.withModels()) {
            grace = PoseFrames.of(Sessions.face("grace-hopper/frame-01.jpg"), finder, 1);
        }
        rendered = ManifestContainers.render(REPOSITORY.resolve("deploy/overlays/dev"));
        // The containers share the host's network, each on its manifest's port, as the Services' targets.
        for (JsonNode workload : ManifestContainers.ofKind(rendered, "Deployment", "StatefulSet")) {
            for (JsonNode port : workload.at("/spec/template/spec/containers/0/ports")) {
                assertThat(Probes.inUse(port.path("containerPort").asInt())).as("port " + port.path("containerPort").asInt()
                        + " is taken: is a local stack running? ./likeness down").isFalse();
            }
        }
        customer = new DemoCustomer(work.resolve("keys"));
        customer.ensureKeys();
        LocalCertificates certificates = customer.tls();
        probes = TrustAnchors.httpClient(Optional.of(certificates.caCertificate()), Duration.ofSeconds(2));
        LocalCertificates.ServerPem databaseTls = certificates.issueServerPem("database", "dns:" + DATABASE_HOST + ",dns:localhost");
        database = EmbeddedPostgres.builder().setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", databaseTls.certificateFile().toString())
                .setServerConfig("ssl_key_file", databaseTls.keyFile().toString()).start();
        Map<String, String> databasePasswords = databaseRoles();

        kafka = new SecuredKafka(work.resolve("kafka"));
        kafka.start(certificates, ManifestContainers.ofKind(rendered, "KafkaUser"));

        List<String> hosts = new ArrayList<>(ManifestContainers.ofKind(rendered, "Service").stream()
                .map(service -> service.path("metadata").path("name").asText()).toList());
        hosts.addAll(List.of(SecuredKafka.BOOTSTRAP_HOST, DATABASE_HOST));
        containers = new ManifestContainers(podman, work.resolve("pods"), rendered, secrets(databasePasswords), hosts);
        for (String service : ServiceImages.SERVICES) {
            JsonNode workload = ManifestContainers.named(rendered, "Deployment", service)
                    .or(() -> ManifestContainers.named(rendered, "StatefulSet", service)).orElseThrow();
            PODS.put(service, containers.start(workload));
        }
        for (ManifestContainers.Running pod : PODS.values()) {
            untilProbeAnswers(pod, "startupProbe", pod.container().path("startupProbe"));
            untilProbeAnswers(pod, "readinessProbe", pod.container().path("readinessProbe"));
            STARTED_SECONDS.put(pod.workload(), (System.nanoTime() - pod.startedNanos()) / 1e9);
        }
        System.out.println("ContainerDeploymentSystemTest: started to ready, seconds (all five started at once on 2 cores): "
                + STARTED_SECONDS);
        System.out.println("ContainerDeploymentSystemTest: not reproduced by a container runtime: " + ManifestContainers.NOT_REPRODUCED);
    }

    @AfterAll
    static void stopped() throws Exception {
        if (containers != null) {
            containers.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (database != null) {
            database.close();
        }
        if (grace != null) {
            grace.close();
        }
    }

    @Test
    @Order(1)
    void anEnrollmentAndAnAuthenticationPassThroughTheContainers_andTheJwtVerifiesAtTheVerifierContainer() throws Exception {
        CustomerBackend backend = backend();
        String user = "container-" + UUID.randomUUID();
        for (Operation operation : List.of(Operation.ENROLL, Operation.AUTH)) {
            String transaction = operation == Operation.ENROLL ? "open an account" : "pay 10 EUR to Bob";
            SessionReport report = session(backend, user, operation, grace);
            assertThat(report.finished()).as(operation + ": " + report.error() + " " + report.errorMessage() + "\n" + logs()).isTrue();
            CustomerBackend.Verification verdict = backend.verify(report.transactionJwt().orElseThrow(), DemoCustomer.NAME, user,
                    Sessions.op(operation), transaction);
            assertThat(verdict.valid()).as(operation + ": " + verdict.reason()).isTrue();
            assertThat(verdict.claims().path("liveness").path("result").asText()).isEqualTo("pass");
            System.out.printf(Locale.ROOT, "ContainerDeploymentSystemTest: %s through the containers in %.1f s, %d frames%n", operation,
                    report.sessionSeconds(), report.framesSent());
        }
        // The customer's right to erase: the admin API of the auth-service container, with the Secret's key.
        DemoAdminClient admin = new DemoAdminClient(customer.loadAuthorizationPrivateKey(),
                URI.create("https://localhost:" + port(PODS.get("auth-service")) + "/v1/admin"),
                Optional.of(customer.tls().caCertificate()));
        DemoAdminClient.Answer erased = admin.erase(DemoCustomer.NAME, user, "container-test");
        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(200);
        assertThat(erased.body().path("erased").asBoolean()).isTrue();
        assertThat(session(backend, user, Operation.AUTH, grace).error()).contains(ErrorCode.SERVER_USER_NOT_FOUND);
    }

    @Test
    @Order(2)
    void everyContainerRunsAsTheManifestsUserOnAReadOnlyRootWithOnlyTmpWritable_andEveryProbeAnswers() throws Exception {
        for (ManifestContainers.Running pod : PODS.values()) {
            String name = "likeness-test-" + pod.pod();
            assertThat(podman.run(Duration.ofSeconds(30), "exec", name, "id", "-u").strip()).as(pod.workload())
                    .isEqualTo(String.valueOf(pod.podSpec().path("securityContext").path("runAsUser").asInt()));
            String written = podman.run(Duration.ofSeconds(30), "exec", name, "sh", "-c",
                    "touch /deployments/x 2>&1; touch /etc/x 2>&1; touch /tmp/x && echo tmp-writable");
            assertThat(written).as(pod.workload()).contains("'/deployments/x': Read-only file system", "'/etc/x': Read-only file system",
                    "tmp-writable");
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(probe(pod, pod.container().path(probe))).as(pod.workload() + " " + probe).isEqualTo(200);
            }
        }
        for (ServiceImages.Built image : images) {
            assertThat(podman.inspect(image.tags().get(0), "{{index .Labels \"org.opencontainers.image.revision\"}}"))
                    .isEqualTo(SourceRevision.of(REPOSITORY, "").commit());
            assertThat(podman.inspect(image.tags().get(0), "{{.Config.User}}")).isEqualTo(String.valueOf(BaseImage.USER_ID));
            String sbom = podman.run(Duration.ofSeconds(30), "run", "--rm", "--pids-limit=-1", "--network", "none", "--entrypoint", "cat",
                    image.tags().get(0), "/deployments/sbom.cdx.json");
            assertThat(sbom).as(image.service()).contains("\"pkg:deb/debian/openjdk-17-jre-headless@",
                    "\"name\" : \"likeness/" + image.service() + "\"", "pkg:maven/io.quarkus/quarkus-core@");
        }
    }

    /**
     * What a scale-down or a rollout does to a gateway pod: SIGTERM, then SIGKILL after its
     * terminationGracePeriodSeconds. A session running then finishes with its JWT; a new one is
     * refused with SERVER_UNAVAILABLE (its client starts again elsewhere); the pod ends once its last
     * session has.
     */
    /** What an operator runs after deploying: `./likeness smoke` with the deployment's URLs, keys and CA, and an allowed Origin. */
    @Test
    @Order(3)
    void theSmokeCommandPassesAgainstTheContainers() {
        SmokeCommandSystemTest.Result result = SmokeCommandSystemTest.smoke(
                "--gateway", "ws://localhost:" + port(PODS.get("ingest-gateway")) + "/v1/sessions",
                "--verifier", "https://localhost:" + port(PODS.get("jwt-verifier")) + "/v1/verify",
                "--keys", customer.authorizationPrivateKey().getParent().toString(), "--ca", customer.tls().caCertificate().toString(),
                "--origin", ORIGIN);
        assertThat(result.exit()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).containsPattern("enroll +pass").containsPattern("auth +pass .*liveness pass");
    }

    @Test
    @Order(4)
    void aStoppingGatewayLetsItsRunningSessionFinish_andRefusesNewOnesUntilItHasEnded() throws Exception {
        CustomerBackend backend = backend();
        ManifestContainers.Running gateway = PODS.get("ingest-gateway");
        String user = "draining-" + UUID.randomUUID();
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            Future<SessionReport> running = background.submit(() -> session(backend, user, Operation.ENROLL, grace));
            Thread.sleep(1500); // the session is under way: Ready, frames judged
            long stopping = System.nanoTime();
            Future<?> stopped = background.submit(() -> containers.stop(gateway));
            Thread.sleep(1000);
            SessionReport refused = session(backend, "draining-new-" + UUID.randomUUID(), Operation.ENROLL, grace);
            assertThat(refused.error()).as(refused.errorMessage()).contains(ErrorCode.SERVER_UNAVAILABLE);
            assertThat(refused.errorMessage()).contains("shutting down");

            SessionReport finished = running.get(90, TimeUnit.SECONDS);
            assertThat(finished.finished()).as(finished.error() + " " + finished.errorMessage() + "\n" + tail(gateway)).isTrue();
            assertThat(backend.verify(finished.transactionJwt().orElseThrow(), DemoCustomer.NAME, user, "enroll", "open an account")
                    .valid()).isTrue();
            stopped.get(120, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "ContainerDeploymentSystemTest: the gateway drained and stopped in %.1f s (grace period %d s)%n",
                    (System.nanoTime() - stopping) / 1e9, gateway.podSpec().path("terminationGracePeriodSeconds").asInt(30));
            assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(gateway.log())).contains("shutting down: new sessions refused, waiting for 1 open connection(s)")
                    .containsPattern("drained in [0-9.]+ s; 0 connection\\(s\\) left open");
        } finally {
            background.shutdownNow();
        }
    }

    /** The customer's backend, verifying at the jwt-verifier container. */
    private static CustomerBackend backend() throws Exception {
        return new CustomerBackend(customer.loadAuthorizationPrivateKey(), DemoCustomer.TOKEN_AUDIENCE,
                URI.create("https://localhost:" + port(PODS.get("jwt-verifier")) + "/v1/verify"), customer.loadVerifierCallerKey(),
                Optional.of(customer.tls().caCertificate()));
    }

    private static SessionReport session(CustomerBackend backend, String user, Operation operation, PoseFrames subject) throws Exception {
        String transaction = operation == Operation.ENROLL ? "open an account" : "pay 10 EUR to Bob";
        SessionClient client = new SessionClient(URI.create("ws://localhost:" + port(PODS.get("ingest-gateway")) + "/v1/sessions"), 20,
                Duration.ofSeconds(60), Map.of("Origin", ORIGIN, "X-Forwarded-For", "203.0.113.7"));
        return client.run(new SessionClient.Request(DemoCustomer.NAME, user, operation, transaction,
                backend.mintUserToken(user, Sessions.op(operation), transaction), DemoCustomer.IMAGE_KEY_ID, customer.loadImagePublicKey()),
                FollowingChallenge.of(subject), timing -> { });
    }

    /** The database an operator sets up: one database, a role per service with CREATE on it (deploy/README.md). */
    private static Map<String, String> databaseRoles() throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        try (Connection connection = database.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE DATABASE likeness");
            for (String role : List.of("likeness", "likeness_gateway", "likeness_verifier")) {
                String password = UUID.randomUUID().toString();
                passwords.put(role, password);
                sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
                sql.execute("GRANT CREATE ON DATABASE likeness TO " + role);
            }
        }
        return passwords;
    }

    /** Every Secret the overlay's workloads name: those deploy/README.md has the operator create, and Strimzi's. */
    private static Map<String, Map<String, byte[]>> secrets(Map<String, String> databasePasswords) throws Exception {
        LocalCertificates tls = customer.tls();
        Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
        secrets.put("likeness-customer-keys", Map.of("demo.public.pem", Files.readAllBytes(customer.authorizationPublicKey())));
        secrets.put("likeness-image-keys", Map.of("demo-image-1.pem", Files.readAllBytes(customer.imagePrivateKey())));
        // The demo customer signs its admin tokens with its user-token key, as the local stack does.
        secrets.put("likeness-admin-keys", Map.of("demo.public.pem", Files.readAllBytes(customer.authorizationPublicKey())));
        secrets.put("likeness-auth-keys", Map.of("signing-key.jwk", Files.readAllBytes(customer.signingKey()),
                "template-key", Files.readAllBytes(customer.templateKey())));
        String url = "jdbc:postgresql://" + DATABASE_HOST + ":" + database.getPort()
                + "/likeness?sslmode=verify-full&sslrootcert=/etc/likeness/database-ca/ca.crt";
        secrets.put("likeness-database", database("likeness", databasePasswords, url));
        secrets.put("likeness-database-gateway", database("likeness_gateway", databasePasswords, url));
        secrets.put("likeness-database-verifier", database("likeness_verifier", databasePasswords, url));
        byte[] ca = Files.readAllBytes(tls.caCertificate());
        secrets.put("likeness-database-ca", Map.of("ca.crt", ca));
        secrets.put("likeness-http-ca", Map.of("ca.crt", ca));
        for (String server : List.of(LocalCertificates.AUTH_SERVICE, LocalCertificates.JWT_VERIFIER)) {
            LocalCertificates.ServerPem pem = tls.serverPem(server);
            secrets.put("likeness-http-tls-" + server, Map.of("tls.crt", Files.readAllBytes(pem.certificateFile()),
                    "tls.key", Files.readAllBytes(pem.keyFile())));
        }
        secrets.put("likeness-verifier-callers", Map.of("demo", customer.verifierCallerKeyHash().getBytes(StandardCharsets.UTF_8)));
        LocalCertificates.Side authService = tls.side(LocalCertificates.AUTH_SERVICE);
        secrets.put("likeness-grpc-tls", Map.of("auth-service.p12", Files.readAllBytes(authService.keyStoreFile()),
                "auth-relay.p12", Files.readAllBytes(tls.side(LocalCertificates.AUTH_RELAY).keyStoreFile()),
                "trust.p12", Files.readAllBytes(authService.trustStoreFile()),
                "store-password", Files.readAllBytes(authService.storePasswordFile())));
        // Strimzi's: the cluster CA's certificate, and a Secret per KafkaUser.
        secrets.put("likeness-kafka-cluster-ca-cert", Map.of("ca.crt", ca));
        for (JsonNode user : ManifestContainers.ofKind(rendered, "KafkaUser")) {
            String name = user.path("metadata").path("name").asText();
            secrets.put(name, Map.of("sasl.jaas.config", kafka.jaasConfig(name).getBytes(StandardCharsets.UTF_8)));
        }
        return secrets;
    }

    private static Map<String, byte[]> database(String role, Map<String, String> passwords, String url) {
        return Map.of("username", role.getBytes(StandardCharsets.UTF_8), "password", passwords.get(role).getBytes(StandardCharsets.UTF_8),
                "url", url.getBytes(StandardCharsets.UTF_8));
    }

    private static int port(ManifestContainers.Running pod) {
        return pod.container().path("ports").get(0).path("containerPort").asInt();
    }

    /** Polls {@code probe} as a kubelet would, up to periodSeconds x failureThreshold (plus the initial delay). */
    private static void untilProbeAnswers(ManifestContainers.Running pod, String kind, JsonNode probe) throws Exception {
        long limit = (probe.path("initialDelaySeconds").asLong(0) + probe.path("periodSeconds").asLong(10)
                * probe.path("failureThreshold").asLong(3)) * 1_000_000_000L;
        long deadline = pod.startedNanos() + limit;
        while (probe(pod, probe) != 200) {
            assertThat(pod.process().isAlive()).as(pod.workload() + " exited; its output:\n" + tail(pod)).isTrue();
            assertThat(System.nanoTime()).as(pod.workload() + ": " + kind + " did not answer in time; its output:\n" + tail(pod))
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** The HTTP status a probe's GET gets; 0 when nothing answers. HTTPS probes trust the deployment's CA, as Prometheus does. */
    private static int probe(ManifestContainers.Running pod, JsonNode probe) throws Exception {
        JsonNode get = probe.path("httpGet");
        String scheme = get.path("scheme").asText("HTTP").toLowerCase(Locale.ROOT);
        URI uri = URI.create(scheme + "://localhost:" + get.path("port").asInt() + get.path("path").asText());
        try {
            Duration timeout = Duration.ofSeconds(probe.path("timeoutSeconds").asLong(1) + 4);
            return probes.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static String tail(ManifestContainers.Running pod) {
        try {
            List<String> lines = Files.readAllLines(pod.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        PODS.values().forEach(pod -> all.append("--- ").append(pod.workload()).append('\n').append(tail(pod)).append('\n'));
        return all.toString();
    }
}
