package dev.likeness.system;

import dev.likeness.client.SessionReport;
import dev.likeness.crypto.FrameBinding;
import dev.likeness.crypto.ImageDecryptionException;
import dev.likeness.crypto.ImageEnvelope;
import dev.likeness.crypto.PemKeys;
import dev.likeness.proto.Topics;
import dev.likeness.proto.v1.FrameEnvelope;
import dev.likeness.proto.v1.Operation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads the frame topics as an attacker with broker access would, and finds only ciphertext. */
@ExtendWith(RunningStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FrameEncryptionSystemTest {

    @Test
    void theFrameTopicsHoldNoPlaintextImage(RunningStack.Stack stack) throws Exception {
        SessionReport report = run(stack, Operation.ENROLL, newUsername("cipher"), faces("grace-hopper"), "td");
        assertThat(report.transactionJwt()).isPresent();

        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(Sessions.FACES.resolve("grace-hopper"))) {
            for (Path file : files.toList()) {
                images.add(Files.readAllBytes(file));
            }
        }
        PrivateKey imageKey = PemKeys.readPrivateKey(stack.customer().imagePrivateKey());

        for (String topic : List.of(Topics.FRAMES, Topics.FRAMES_ACCEPTED)) {
            List<byte[]> values = readAll(stack, topic);
            assertThat(values).as(topic).isNotEmpty();
            int ours = 0;
            for (byte[] value : values) {
                for (byte[] image : images) {
                    // Any 64 bytes from inside the JPEG would show a plaintext copy, whole or cut up.
                    byte[] probe = Arrays.copyOfRange(image, image.length / 2, image.length / 2 + 64);
                    assertThat(indexOf(value, probe)).as("plaintext image bytes in " + topic).isEqualTo(-1);
                }
                assertThat(jpegHeaderAt(value)).as("a JPEG header in " + topic).isEqualTo(-1);
                // And these records are the frames: the customer's key opens them into the photos sent.
                // (Other tests share the broker and send tampered or foreign-key frames on purpose.)
                try {
                    FrameEnvelope frame = FrameEnvelope.parseFrom(value);
                    byte[] opened = ImageEnvelope.open(frame.getImage(), imageKey,
                            FrameBinding.associatedData(frame.getSession().getSessionId(), frame.getSequence()));
                    if (images.stream().anyMatch(image -> Arrays.equals(image, opened))) {
                        ours++;
                    }
                } catch (ImageDecryptionException deliberatelyBroken) {
                    // not a frame of this test's session
                }
            }
            assertThat(ours).as("frames of the session in " + topic).isGreaterThanOrEqualTo(5);
        }
    }

    private static List<byte[]> readAll(RunningStack.Stack stack, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.ports().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /**
     * Where a JFIF header starts (start of image, APP0 marker, a length, "JFIF" and its NUL), or -1.
     * Nine fixed bytes: "JFIF" alone turns up by chance in megabytes of ciphertext (about once in 4
     * GiB of random bytes, and a run's frame topics hold tens of megabytes).
     */
    private static int jpegHeaderAt(byte[] value) {
        byte[] app0 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0};
        for (int from = 0; ; ) {
            int name = indexOf(value, "JFIF\0".getBytes(StandardCharsets.US_ASCII), from);
            if (name < 0) {
                return -1;
            }
            if (name >= 6 && Arrays.equals(Arrays.copyOfRange(value, name - 6, name - 2), app0)) {
                return name - 6;
            }
            from = name + 1;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
