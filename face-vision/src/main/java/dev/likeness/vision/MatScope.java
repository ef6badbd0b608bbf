package dev.likeness.vision;

import org.opencv.core.Mat;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCV matrices one computation makes, kept until it ends and then released together.
 *
 * <p>Why every Mat must be held by something until its last native call has returned: OpenCV's
 * Java {@code Mat} deletes its native header in {@code finalize()}, and a compiled caller may treat
 * a Mat as unreachable as soon as it has read the Mat's native address, before the native call
 * using that address returns (the case {@link Reference#reachabilityFence} exists for). A garbage
 * collection in that moment lets the finalizer thread delete the header while OpenCV still reads
 * or writes it: a use-after-free in the native heap. That is what aborted quality-service and
 * auth-service under load ({@code malloc(): unsorted double linked list corrupted}); a standalone
 * run of the old patterns (a temporary {@code reshape(...).get(...)}, an output Mat not used after
 * its call, a {@code release()} as a Mat's last use) crashed in under a minute of frequent
 * collections, and the same work held as here ran five minutes clean. A Mat held here stays
 * strongly reachable until {@link #close()} has released it, so no native call on it can lose it.
 *
 * <p>Rule for this codebase: a Mat either lives in a scope (or in a {@link FrameImage}, which is
 * one) or is returned to a caller who puts it in theirs; no OpenCV call takes a temporary.
 */
public final class MatScope implements AutoCloseable {

    private final List<Mat> held = new ArrayList<>();

    /** Holds {@code mat} until this scope closes; returns it. */
    public <M extends Mat> M hold(M mat) {
        held.add(mat);
        return mat;
    }

    /** Holds every Mat of {@code mats} until this scope closes; returns the list. */
    public List<Mat> holdAll(List<Mat> mats) {
        held.addAll(mats);
        return mats;
    }

    /** An empty Mat held by this scope, for an OpenCV call to write into. */
    public Mat newMat() {
        return hold(new Mat());
    }

    /** Releases the matrices' pixels now; their headers go when the collector finds them unreachable after this. */
    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).release();
        }
        // The last release above is a native call on a Mat nothing but this list refers to.
        Reference.reachabilityFence(held);
    }
}
