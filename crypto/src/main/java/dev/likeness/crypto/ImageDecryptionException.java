package dev.likeness.crypto;

/** A frame could not be opened. The message names the reason and never holds key or image bytes. */
public final class ImageDecryptionException extends Exception {
    public ImageDecryptionException(String reason) {
        super(reason);
    }
}
