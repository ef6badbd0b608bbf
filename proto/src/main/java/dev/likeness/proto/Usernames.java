package dev.likeness.proto;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The one form a username takes everywhere (Start, the user token's {@code sub}, the admin API,
 * the stores): Unicode NFC, with no control, bidirectional-override or separator characters.
 * Anything else is refused, never rewritten: were "é" precomposed and "e" + combining accent two
 * users, each would have its own template and its own lockout, and a name with a bidi override
 * or a line break would forge log lines and audit rows. Case is the customer's: "Alice" and
 * "alice" are one user only if the customer's backend mints the same {@code sub} for both.
 */
public final class Usernames {

    private Usernames() {
    }

    /**
     * What is wrong with {@code username}, or empty when it is canonical. The same rule serves for
     * a customer's name, which is logged and audited alike.
     */
    public static Optional<String> problem(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.of("empty");
        }
        if (!Normalizer.isNormalized(username, Normalizer.Form.NFC)) {
            return Optional.of("not in Unicode NFC");
        }
        for (int i = 0; i < username.length(); ) {
            int codePoint = username.codePointAt(i);
            if (forbidden(codePoint)) {
                return Optional.of(String.format("contains U+%04X, a control or formatting character", codePoint));
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || bidiControl(codePoint);
    }

    // The explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the marks
    // (U+200E, U+200F, U+061C): they reorder how a name displays without changing what it is.
    private static boolean bidiControl(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C;
    }
}
