package dev.likeness.quality;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QualityBeansTest {

    @Test
    void aWorkerWithoutConsumersDoesNotStart() {
        assertThatThrownBy(() -> QualityBeans.requireConsumers(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("likeness.quality.consumers");
        assertThatThrownBy(() -> QualityBeans.requireConsumers(-2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConsumerCountOfOneOrMoreIsUsedAsSet() {
        assertThat(QualityBeans.requireConsumers(1)).isEqualTo(1);
        assertThat(QualityBeans.requireConsumers(4)).isEqualTo(4);
    }
}
