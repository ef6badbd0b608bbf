package dev.likeness.quality.domain;

/** The server-side quality filters, each with the name the SDK shows in frame-results. */
public enum QualityFilter {
    /** No face in the frame. */
    FACE_MISSING("face_missing"),
    /** More than one face: only the user may be in front of the camera. */
    FACE_MULTIPLE("face_multiple"),
    /** The face is too far away for a template. */
    FACE_TOO_SMALL("face_too_small"),
    /** The face fills too much of the frame to be whole. */
    FACE_TOO_CLOSE("face_too_close"),
    /** The frame is too dark. */
    IMAGE_METADATA_LOW_LIGHT("image_metadata_low_light");

    private final String wireName;

    QualityFilter(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
