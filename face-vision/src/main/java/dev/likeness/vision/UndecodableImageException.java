package dev.likeness.vision;

/** The decrypted bytes are not an image OpenCV can decode. */
public final class UndecodableImageException extends Exception {
    public UndecodableImageException(String reason) {
        super(reason);
    }
}
