package dev.likeness.cli.fuzz;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.ClientMessage;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.proto.v1.Frame;
import dev.likeness.proto.v1.Start;
import dev.likeness.proto.v1.Stop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ways to spoil a valid client message, each named for the report: field-level changes made on
 * the protobuf object (wrong enum numbers, extreme and negative numbers, empty, huge and binary
 * strings, damaged encryption envelopes) and wire-level ones on its bytes (truncation, bit
 * flips, appended garbage, unknown fields, a field re-tagged with another wire type, two
 * messages run together). All stay under the gateway's 1 MiB message limit: the transport drops
 * a larger one without a code, which is its own test (BadInputSystemTest).
 */
final class Mutations {

    /** A spoiled message and what was done to it. */
    record Mutated(String mutation, byte[] bytes) {
    }

    private static final List<String> WIRE = List.of("truncated", "bit_flips", "garbage_appended", "unknown_field",
            "wire_type_changed", "two_messages_joined");

    private Mutations() {
    }

    static Mutated start(Start valid, Random random) {
        if (random.nextInt(3) == 0) {
            return wire(ClientMessage.newBuilder().setStart(valid).build(), random);
        }
        Start.Builder start = valid.toBuilder();
        String mutation;
        switch (random.nextInt(9)) {
            case 0 -> {
                start.setProtocolVersionValue(extremeInt(random));
                mutation = "start_protocol_version";
            }
            case 1 -> {
                start.setOperationValue(extremeInt(random));
                mutation = "start_operation_unknown";
            }
            case 2 -> {
                start.setCustomer(oddString(random));
                mutation = "start_customer";
            }
            case 3 -> {
                start.setUsername(oddString(random));
                mutation = "start_username";
            }
            case 4 -> {
                start.setKeyId(oddString(random));
                mutation = "start_key_id";
            }
            case 5 -> {
                start.setAuthorizationToken(oddString(random));
                mutation = "start_token";
            }
            case 6 -> {
                start.setTransactionData(oddString(random));
                mutation = "start_transaction_data";
            }
            case 7 -> {
                String token = valid.getAuthorizationToken();
                byte[] flipped = token.getBytes(StandardCharsets.US_ASCII);
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(7));
                start.setAuthorizationToken(new String(flipped, StandardCharsets.ISO_8859_1));
                mutation = "start_token_bit_flip";
            }
            default -> {
                start.clear();
                mutation = "start_empty";
            }
        }
        return new Mutated(mutation, ClientMessage.newBuilder().setStart(start).build().toByteArray());
    }

    static Mutated frame(Frame valid, Random random) {
        if (random.nextInt(3) == 0) {
            return wire(ClientMessage.newBuilder().setFrame(valid).build(), random);
        }
        Frame.Builder frame = valid.toBuilder();
        EncryptedImage.Builder image = valid.getImage().toBuilder();
        String mutation;
        switch (random.nextInt(10)) {
            case 0 -> {
                frame.setSequence(extremeLong(random));
                mutation = "frame_sequence";
            }
            case 1 -> {
                frame.setCapturedAtMs(extremeLong(random));
                mutation = "frame_captured_at";
            }
            case 2 -> {
                image.setWrappedKey(truncate(image.getWrappedKey(), random));
                mutation = "envelope_wrapped_key_truncated";
            }
            case 3 -> {
                image.setWrappedKey(flip(image.getWrappedKey(), random));
                mutation = "envelope_wrapped_key_bit_flip";
            }
            case 4 -> {
                image.setIv(random.nextBoolean() ? ByteString.EMPTY : randomBytes(random, 1 + random.nextInt(64)));
                mutation = "envelope_iv_wrong_length";
            }
            case 5 -> {
                image.setCiphertext(flip(image.getCiphertext(), random));
                mutation = "envelope_ciphertext_bit_flip";
            }
            case 6 -> {
                image.setCiphertext(truncate(image.getCiphertext(), random));
                mutation = "envelope_ciphertext_truncated";
            }
            case 7 -> {
                image.clear();
                mutation = "envelope_empty";
            }
            case 8 -> {
                image.setCiphertext(randomBytes(random, random.nextInt(200_000)));
                mutation = "envelope_random_ciphertext";
            }
            default -> {
                frame.clearImage();
                mutation = "frame_without_image";
            }
        }
        if (!mutation.equals("frame_without_image")) {
            frame.setImage(image);
        }
        return new Mutated(mutation, ClientMessage.newBuilder().setFrame(frame).build().toByteArray());
    }

    static Mutated stop(Random random) {
        return wire(ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build(), random);
    }

    /** Random bytes, from none to 64 KiB. */
    static Mutated randomBytes(Random random) {
        int length = random.nextInt(4) == 0 ? random.nextInt(65_536) : random.nextInt(64);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new Mutated("random_bytes", bytes);
    }

    private static Mutated wire(ClientMessage valid, Random random) {
        byte[] bytes = valid.toByteArray();
        String mutation = WIRE.get(random.nextInt(WIRE.size()));
        byte[] spoiled = switch (mutation) {
            case "truncated" -> Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            case "bit_flips" -> {
                byte[] copy = bytes.clone();
                for (int i = 0, flips = 1 + random.nextInt(8); i < flips && copy.length > 0; i++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield copy;
            }
            case "garbage_appended" -> concat(bytes, randomBytes(random, 1 + random.nextInt(256)).toByteArray());
            // Field numbers 4 to 2^29-1 are unknown to ClientMessage; wire type 0..5 at random.
            case "unknown_field" -> concat(bytes, tag(4 + random.nextInt(1 << 20), random.nextInt(6)), randomBytes(random,
                    random.nextInt(16)).toByteArray());
            case "wire_type_changed" -> {
                byte[] copy = bytes.clone();
                if (copy.length > 0) {
                    copy[0] = (byte) ((copy[0] & ~0x07) | random.nextInt(8)); // the oneof field's tag, another wire type
                }
                yield copy;
            }
            default -> concat(bytes, ClientMessage.newBuilder().setStop(Stop.getDefaultInstance()).build().toByteArray());
        };
        return new Mutated(mutation, spoiled);
    }

    private static byte[] tag(int field, int wireType) {
        long value = ((long) field << 3) | wireType;
        byte[] varint = new byte[10];
        int length = 0;
        while ((value & ~0x7FL) != 0) {
            varint[length++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        varint[length++] = (byte) value;
        return Arrays.copyOf(varint, length);
    }

    private static int extremeInt(Random random) {
        int[] values = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 2, 3, 99, random.nextInt()};
        return values[random.nextInt(values.length)];
    }

    private static long extremeLong(Random random) {
        long[] values = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, 1L << 53, random.nextLong()};
        return values[random.nextInt(values.length)];
    }

    /** Empty, huge, control characters and NULs, invalid surrogates, or plain long. */
    private static String oddString(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "x".repeat(1 + random.nextInt(300_000));
            case 2 -> "\u0000\u0007\n\r\t\u001b[2J" + random.nextInt();
            case 3 -> "\uD800\uDFFF\uFFFF\u202E" + "é".repeat(random.nextInt(200));
            default -> "a".repeat(100 + random.nextInt(200));
        };
    }

    private static ByteString truncate(ByteString bytes, Random random) {
        return bytes.substring(0, bytes.isEmpty() ? 0 : random.nextInt(bytes.size()));
    }

    private static ByteString flip(ByteString bytes, Random random) {
        if (bytes.isEmpty()) {
            return bytes;
        }
        byte[] copy = bytes.toByteArray();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return ByteString.copyFrom(copy);
    }

    private static ByteString randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
