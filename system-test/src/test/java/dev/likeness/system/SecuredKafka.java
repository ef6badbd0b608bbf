package dev.likeness.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.launcher.KafkaBroker;
import dev.likeness.launcher.LocalCertificates;
import dev.likeness.launcher.StackPorts;
import dev.likeness.launcher.TopicPolicy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A KRaft broker as Strimzi would run the manifests' {@code likeness-kafka} for the services: a TLS
 * listener on {@value #TLS_PORT} with SCRAM-SHA-512, its certificate for the bootstrap Service's name
 * signed by a cluster CA, one SCRAM user per KafkaUser with exactly its ACLs (StandardAuthorizer,
 * nothing allowed without an ACL). The test itself talks to it on a plain listener on localhost as
 * a super user, as Strimzi's own operators do on their internal listener.
 */
final class SecuredKafka implements AutoCloseable {

    static final String BOOTSTRAP_HOST = "likeness-kafka-kafka-bootstrap";
    static final int TLS_PORT = 9093;

    private final Path home;
    private final int adminPort = StackPorts.freePort();
    private final int controllerPort = StackPorts.freePort();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private Process broker;

    SecuredKafka(Path home) {
        this.home = home;
    }

    /** Starts the broker with a certificate of {@code certificates}' CA, then creates the topics and each KafkaUser in {@code users}. */
    void start(LocalCertificates certificates, List<JsonNode> users) throws Exception {
        LocalCertificates.Side tls = certificates.issue("kafka", "serverAuth", "dns:" + BOOTSTRAP_HOST + ",dns:localhost");
        String storePassword = Files.readString(tls.storePasswordFile()).trim();
        Path config = home.resolve("server.properties");
        Path data = home.resolve("data");
        Files.createDirectories(data);
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                "listeners=ADMIN://localhost:" + adminPort + ",CONTROLLER://localhost:" + controllerPort + ",TLS://127.0.0.1:" + TLS_PORT,
                "advertised.listeners=ADMIN://localhost:" + adminPort + ",TLS://" + BOOTSTRAP_HOST + ":" + TLS_PORT,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=ADMIN",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,ADMIN:PLAINTEXT,TLS:SASL_SSL",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.tls.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.tls.ssl.keystore.type=PKCS12",
                "listener.name.tls.ssl.keystore.location=" + tls.keyStoreFile(),
                "listener.name.tls.ssl.keystore.password=" + storePassword,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // The plain listeners are the controller's and the test's, on loopback: their anonymous principal is the super user.
                "super.users=User:ANONYMOUS",
                KafkaBroker.singleNode(data)));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("..", "local-kafka", "target", "lib").toAbsolutePath().normalize() + File.separator + "*";
        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone", "-t",
                Uuid.randomUuid().toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("format.log").toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's log folder failed: " + Files.readString(home.resolve("format.log")));
        }
        broker = new ProcessBuilder(java, "-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("kafka.log").toFile()).start();
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    TopicPolicy.createMissing(admin);
                    break;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline || !broker.isAlive()) {
                        throw new IllegalStateException("the broker did not start; see " + home.resolve("kafka.log"), notYet);
                    }
                    Thread.sleep(500);
                }
            }
            createUsers(admin, users);
        }
    }

    /** The JAAS line Strimzi writes into a KafkaUser's Secret ({@code sasl.jaas.config}). */
    String jaasConfig(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no KafkaUser " + user);
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    Path log() {
        return home.resolve("kafka.log");
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + adminPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Each KafkaUser's SCRAM credential and ACLs, as Strimzi's user operator makes them. */
    private void createUsers(Admin admin, List<JsonNode> users) throws Exception {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (JsonNode user : users) {
            String name = user.path("metadata").path("name").asText();
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            passwords.put(name, password);
            credentials.add(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                ResourceType type = ResourceType.fromString(resource.path("type").asText().toUpperCase(Locale.ROOT));
                PatternType patternType = PatternType.fromString(resource.path("patternType").asText("literal").toUpperCase(Locale.ROOT));
                ResourcePattern pattern = new ResourcePattern(type, resource.path("name").asText(), patternType);
                if (pattern.resourceType() == ResourceType.UNKNOWN || pattern.patternType() == PatternType.UNKNOWN) {
                    throw new IllegalStateException(name + ": an ACL resource Kafka does not know: " + resource);
                }
                for (JsonNode operation : acl.path("operations")) {
                    acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + name, "*",
                            AclOperation.fromString(operation.asText().toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
                }
            }
        }
        admin.alterUserScramCredentials(credentials).all().get();
        admin.createAcls(acls).all().get();
    }

    @Override
    public void close() throws Exception {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
        }
    }
}
