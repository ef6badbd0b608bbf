package dev.likeness.quality.filters;

/**
 * The server-side quality filters, each with the name the client contract (CLIENT-SDK.md) gives it
 * in frame-results, so integrators' code that checks those names works unchanged. Every one
 * is a pure function of one frame: none smooths over several frames (a filter that must, such as
 * liveness, will say its window here).
 */
public enum QualityFilter {
    /** No face, or the landmark model does not confirm the detector's face. */
    FACE_MISSING("face_missing"),
    /** More than one face: only the user may be in front of the camera. */
    FACE_MULTIPLE("face_multiple"),
    /** The face is too far away for a template. */
    FACE_TOO_SMALL("face_too_small"),
    /** The face fills too much of the frame to be whole. */
    FACE_TOO_CLOSE("face_too_close"),
    /** The frame is too dark. */
    IMAGE_METADATA_LOW_LIGHT("image_metadata_low_light"),
    /** The face runs over the frame's edge. */
    FACE_PARTIAL("face_partial"),
    /** The face is far from the frame's centre. */
    FACE_OFF_CENTER("face_off_center"),
    /** The head is turned, nodded or tilted too far from facing the camera. */
    FACE_ANGLE_TOO_LARGE("face_angle_too_large"),
    /** Both eyes are shut or nearly so: a template needs open eyes. */
    EYES_CLOSED("eyes_closed"),
    /** The face is out of focus or moving. */
    BLURRY("blurry"),
    /** Too much of the face is clipped white. */
    OVEREXPOSED("overexposed"),
    /** The frame has no colour: a black-and-white camera, or a print or screen of one. */
    IMAGE_BLACK_AND_WHITE("image_black_and_white");

    private final String wireName;

    QualityFilter(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
