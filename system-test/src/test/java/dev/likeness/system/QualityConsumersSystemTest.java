package dev.likeness.system;

import dev.likeness.launcher.TopicPolicy;
import dev.likeness.proto.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's one quality worker joins group {@code quality} as one consumer per core of this
 * machine (at most one per partition of likeness.frames), so it judges as many frames at once as it
 * has cores rather than queueing every session behind one thread; between them its consumers own
 * every partition, each its own.
 */
@ExtendWith(RunningStack.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QualityConsumersSystemTest {

    @Test
    void theWorkerConsumesOnAConsumerPerCoreAndTheyShareEveryPartition(RunningStack.Stack stack) throws Exception {
        int partitions = TopicPolicy.FRAME_PARTITIONS;
        // What `up` gives its one worker, unless the environment sets the count (the services read it too).
        String set = System.getenv("LIKENESS_QUALITY_CONSUMERS");
        int expected = set != null ? Integer.parseInt(set) : Math.min(Runtime.getRuntime().availableProcessors(), partitions);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.ports().bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            assertThat(admin.describeTopics(List.of(Topics.FRAMES)).allTopicNames().get().get(Topics.FRAMES).partitions())
                    .hasSize(partitions);
            ConsumerGroupDescription group = stableGroup(admin, Duration.ofSeconds(60));

            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(group.members()).as("members of group quality").hasSize(expected);
            List<Set<TopicPartition>> owned = group.members().stream().map(member -> member.assignment().topicPartitions()).toList();
            assertThat(owned).as("each consumer has partitions to judge").allSatisfy(mine -> assertThat(mine).isNotEmpty());
            Set<TopicPartition> all = owned.stream().flatMap(Set::stream).collect(Collectors.toSet());
            assertThat(all).as("every partition owned").hasSize(partitions);
            assertThat(owned.stream().mapToInt(Set::size).sum()).as("none owned twice").isEqualTo(partitions);
        }
    }

    /** The group once it has settled: a rebalance may still run when the stack has just started. */
    static ConsumerGroupDescription stableGroup(Admin admin, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("quality")).all().get().get("quality");
            if (group.groupState() == GroupState.STABLE || System.nanoTime() > deadline) {
                return group;
            }
            Thread.sleep(500);
        }
    }
}
