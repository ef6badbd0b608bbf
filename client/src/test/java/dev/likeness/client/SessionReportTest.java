package dev.likeness.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SessionReportTest {

    static SessionReport withRoundTrips(long... millis) {
        List<SessionReport.FrameTiming> answered = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            answered.add(new SessionReport.FrameTiming(i + 1, 0, millis[i] * 1_000_000, i == 1, List.of()));
        }
        return new SessionReport(Optional.of("jwt"), Optional.empty(), "", millis.length, millis.length, 0, answered, 0, 2_000_000_000L,
                Optional.of(500_000_000L), List.of(), Optional.empty());
    }

    @Test
    void percentilesAreNearestRank() {
        SessionReport report = withRoundTrips(50, 10, 40, 20, 30, 60, 70, 80, 90, 100);
        assertThat(report.roundTripPercentile(50)).isEqualTo(50.0);
        assertThat(report.roundTripPercentile(95)).isEqualTo(100.0);
        assertThat(report.roundTripPercentile(99)).isEqualTo(100.0);
        assertThat(report.roundTripPercentile(10)).isEqualTo(10.0);
    }

    @Test
    void ratesAndDecisionTimeComeFromTheSessionClock() {
        SessionReport report = withRoundTrips(10, 20, 30, 40);
        assertThat(report.sessionSeconds()).isEqualTo(2.0);
        assertThat(report.framesSentPerSecond()).isEqualTo(2.0);
        assertThat(report.firstAcceptedToDecisionMillis()).contains(1500.0);
        assertThat(report.acceptedFrames()).isEqualTo(1);
    }

    @Test
    void noAnsweredFrameHasNoPercentile() {
        assertThat(withRoundTrips().roundTripPercentile(50)).isNaN();
    }
}
