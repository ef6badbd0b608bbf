package dev.likeness.auth.grpc;

import dev.likeness.liveness.Challenge;
import dev.likeness.liveness.ChallengeMove;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Challenges are drawn at random; a fixed one, which a recording passes, exists only under the browser tests' profile. */
class ChallengeDrawsTest {

    static final Optional<List<String>> FIXED = Optional.of(List.of("turn_left", "LOOK_UP"));

    @Test
    void withoutAFixedChallengeEverySessionDrawsItsOwn() {
        ChallengeDraws draws = ChallengeDraws.of(Optional.empty(), List.of("prod"));
        assertThat(draws.isFixed()).isFalse();
        Set<List<ChallengeMove>> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(draws.next().moves());
        }
        assertThat(seen).as("200 draws from a secure random source").hasSizeGreaterThan(6);
    }

    @Test
    void aFixedChallengeUnderTheProductionProfileOrAnyOtherStopsTheStart() {
        for (List<String> profiles : List.<List<String>>of(List.of("prod"), List.of(), List.of("dev"),
                List.of(ChallengeDraws.RECORDING_PROFILE, "prod"))) {
            assertThatThrownBy(() -> ChallengeDraws.of(FIXED, profiles)).as(profiles.toString())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("likeness.auth.fixed-challenge")
                    .hasMessageContaining(ChallengeDraws.RECORDING_PROFILE);
        }
    }

    @Test
    void underTheRecordingProfileEverySessionGetsTheFixedMoves() {
        ChallengeDraws draws = ChallengeDraws.of(FIXED, List.of(ChallengeDraws.RECORDING_PROFILE));
        assertThat(draws.isFixed()).isTrue();
        assertThat(draws.next()).isEqualTo(new Challenge(List.of(ChallengeMove.TURN_LEFT, ChallengeMove.LOOK_UP), Challenge.TIME_LIMIT_MS));
        assertThatThrownBy(() -> ChallengeDraws.of(Optional.of(List.of("spin")), List.of(ChallengeDraws.RECORDING_PROFILE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
