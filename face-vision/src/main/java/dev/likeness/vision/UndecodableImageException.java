package dev.likeness.vision;

/** The decrypted bytes are not an image this service decodes (see {@link ImageHeader}). */
public class UndecodableImageException extends Exception {
    public UndecodableImageException(String reason) {
        super(reason);
    }
}
