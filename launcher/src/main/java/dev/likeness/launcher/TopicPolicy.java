package dev.likeness.launcher;

import dev.likeness.proto.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Every Kafka topic the pipeline uses, with the partitions and configuration the code relies on:
 * the one declaration the local broker is set up from (and that deployment manifests are to be
 * checked against).
 */
public final class TopicPolicy {

    /** One topic: its name (from {@link Topics}), partition count and topic-level configuration. */
    public record TopicSpec(String name, int partitions, Map<String, String> config) {
    }

    /**
     * Frames and per-session events are of no use once the session is over: minutes, not days.
     * Frame topics hold ciphertext only, and not for long.
     */
    public static final String SESSION_DATA_RETENTION_MS = "300000";
    /** Quality workers and relays scale up to this many (one partition each at most). */
    public static final int FRAME_PARTITIONS = 6;
    /** One partition per gateway instance: each reads only its own. */
    public static final int SESSION_EVENT_PARTITIONS = 4;

    public static final List<TopicSpec> TOPICS = List.of(
            new TopicSpec(Topics.FRAMES, FRAME_PARTITIONS, Map.of("retention.ms", SESSION_DATA_RETENTION_MS)),
            new TopicSpec(Topics.FRAMES_ACCEPTED, FRAME_PARTITIONS, Map.of("retention.ms", SESSION_DATA_RETENTION_MS)),
            new TopicSpec(Topics.SESSION_EVENTS, SESSION_EVENT_PARTITIONS, Map.of("retention.ms", SESSION_DATA_RETENTION_MS)));

    private TopicPolicy() {
    }

    /** Creates every topic missing on a one-broker cluster (replication factor 1); existing ones are left as they are. */
    public static void createMissing(Admin admin) throws ExecutionException, InterruptedException {
        for (TopicSpec topic : TOPICS) {
            try {
                admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.config()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
