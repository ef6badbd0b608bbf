package dev.likeness.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How `./likeness up` shares the machine's cores among its quality workers' consumers. */
class QualityConsumersTest {

    @Test
    void oneWorkerGetsAConsumerPerCore() {
        assertThat(LocalStack.qualityConsumersPerWorker(1, 1)).isEqualTo(1);
        assertThat(LocalStack.qualityConsumersPerWorker(2, 1)).isEqualTo(2);
        assertThat(LocalStack.qualityConsumersPerWorker(4, 1)).isEqualTo(4);
    }

    @Test
    void workersSplitTheCoresAndEachKeepsOne() {
        assertThat(LocalStack.qualityConsumersPerWorker(4, 2)).isEqualTo(2);
        assertThat(LocalStack.qualityConsumersPerWorker(2, 2)).isEqualTo(1);
        assertThat(LocalStack.qualityConsumersPerWorker(2, 3)).as("more workers than cores").isEqualTo(1);
    }

    @Test
    void neverMoreConsumersThanPartitions() {
        assertThat(LocalStack.qualityConsumersPerWorker(16, 1)).isEqualTo(TopicPolicy.FRAME_PARTITIONS);
        assertThat(LocalStack.qualityConsumersPerWorker(16, 2) * 2).isLessThanOrEqualTo(TopicPolicy.FRAME_PARTITIONS);
    }
}
