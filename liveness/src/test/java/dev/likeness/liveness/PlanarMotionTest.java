package dev.likeness.liveness;

import dev.likeness.liveness.PlanarMotion.Structure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 3D-structure signal on synthetic landmark sets: a head turned in depth is no homography of
 * itself, a print of it is, turned and tilted or bent a little, and a move in the image plane
 * decides nothing. Landmark noise is 1 % of the inter-ocular distance, as FaceMesh's jitter; the
 * head is sampled densely, as FaceMesh samples one.
 */
class PlanarMotionTest {

    static final double NOISE = SyntheticHead.interOcular() * 0.01;

    static PlanarMotion.Measure turned(double[][] face, double yaw, double pitch, long seed) {
        Random random = new Random(seed);
        List<Point> frontal = SyntheticHead.seen(face, 0, 0, 0, 0, 0, NOISE, random);
        List<Point> moved = SyntheticHead.seen(face, yaw, pitch, 3, 12, -5, NOISE, random);
        return PlanarMotion.compare(frontal, moved, SyntheticHead.interOcular());
    }

    @Test
    void aHeadTurningInDepthIsThreeDimensional() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(turned(SyntheticHead.FACE, 20, 0, seed).structure()).as("20 degrees of yaw, seed " + seed)
                    .isEqualTo(Structure.THREE_DIMENSIONAL);
            assertThat(turned(SyntheticHead.FACE, -20, 5, seed).structure()).as("the other way, seed " + seed)
                    .isEqualTo(Structure.THREE_DIMENSIONAL);
            assertThat(turned(SyntheticHead.HELD_OUT_FACE, 25, 0, seed).structure()).as("a flatter face, 25 degrees, seed " + seed)
                    .isEqualTo(Structure.THREE_DIMENSIONAL);
        }
    }

    @Test
    void aPrintOfTheFaceTurnedTiltedOrBentIsPlanar() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(turned(SyntheticHead.flat(0), 50, 10, seed).structure()).as("a flat print, seed " + seed)
                    .isEqualTo(Structure.PLANAR);
            assertThat(turned(SyntheticHead.flat(0.05), 50, 0, seed).structure()).as("a print bent a little, seed " + seed)
                    .isEqualTo(Structure.PLANAR);
            assertThat(turned(SyntheticHead.flat(0), 40, 0, seed).structure()).as("a print turned 40 degrees, seed " + seed)
                    .isEqualTo(Structure.PLANAR);
            assertThat(turned(SyntheticHead.flat(0), 3, 0, seed).structure()).as("a print turned a little: too little to call, seed "
                    + seed).isEqualTo(Structure.INSUFFICIENT_MOTION);
        }
    }

    /** A head turning a little is never called flat: too little to call, or three-dimensional. */
    @Test
    void aHeadTurningALittleIsNeverCalledFlat() {
        for (long seed = 1; seed <= 20; seed++) {
            for (double yaw : new double[] {5, 10, 15, 20}) {
                assertThat(turned(SyntheticHead.FACE, yaw, 0, seed).structure()).as(yaw + " degrees, seed " + seed)
                        .isNotEqualTo(Structure.PLANAR);
                assertThat(turned(SyntheticHead.HELD_OUT_FACE, yaw, 0, seed).structure()).as("the flatter face, " + yaw + " degrees, seed "
                        + seed).isNotEqualTo(Structure.PLANAR);
            }
        }
    }

    @Test
    void aMoveInTheImagePlaneDecidesNothing() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(turned(SyntheticHead.FACE, 0, 0, seed).structure()).as("rolled and shifted only, seed " + seed)
                    .isEqualTo(Structure.INSUFFICIENT_MOTION);
        }
    }

    @Test
    void fewerThanEightLandmarksOrNoScaleAreRefused() {
        List<Point> few = List.of(new Point(0, 0), new Point(1, 0), new Point(0, 1));
        assertThatThrownBy(() -> PlanarMotion.compare(few, few, 10)).isInstanceOf(IllegalArgumentException.class);
        List<Point> face = SyntheticHead.seen(SyntheticHead.FACE, 0, 0, 0, 0, 0, 0, new Random(1));
        assertThatThrownBy(() -> PlanarMotion.compare(face, face, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
