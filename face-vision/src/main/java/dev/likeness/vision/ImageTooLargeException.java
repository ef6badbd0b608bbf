package dev.likeness.vision;

/** The image's header declares more pixels than allowed: refused before anything is decoded. */
public final class ImageTooLargeException extends UndecodableImageException {
    public ImageTooLargeException(String reason) {
        super(reason);
    }
}
