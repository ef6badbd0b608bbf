package dev.likeness.launcher;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StackPortsTest {

    @Test
    void portsRoundTripAndAnOlderFileFallsBackToDefaults() {
        StackPorts free = StackPorts.free();
        assertThat(StackPorts.fromProperties(free.toProperties())).isEqualTo(free);

        Properties older = StackPorts.defaults().toProperties();
        older.remove("demo-backend");
        older.setProperty("gateway", "18080");
        StackPorts read = StackPorts.fromProperties(older);
        assertThat(read.demoBackend()).isEqualTo(8085);
        assertThat(read.gateway()).isEqualTo(18080);
    }
}
