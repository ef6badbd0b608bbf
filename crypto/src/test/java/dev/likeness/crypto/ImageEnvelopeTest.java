package dev.likeness.crypto;

import com.google.protobuf.ByteString;
import dev.likeness.proto.v1.EncryptedImage;
import dev.likeness.testsupport.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageEnvelopeTest {

    private static final byte[] IMAGE = "\u00ff\u00d8 pretend jpeg bytes".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] AAD = FrameBinding.associatedData("session-1", 7);

    @Test
    void sealedImageOpensWithTheMatchingKeyOnly() throws Exception {
        KeyPair customer = TestKeys.rsa();
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, customer.getPublic(), AAD);

        assertThat(ImageEnvelope.open(sealed, customer.getPrivate(), AAD)).isEqualTo(IMAGE);
        assertThat(sealed.getCiphertext().toByteArray()).hasSize(IMAGE.length + 16);
        assertThatThrownBy(() -> ImageEnvelope.open(sealed, TestKeys.rsa().getPrivate(), AAD))
                .isInstanceOf(ImageDecryptionException.class).hasMessage("content key does not unwrap");
    }

    @Test
    void everyFrameGetsAFreshKeyAndNonce() throws Exception {
        KeyPair customer = TestKeys.rsa();
        EncryptedImage first = ImageEnvelope.seal(IMAGE, customer.getPublic(), AAD);
        EncryptedImage second = ImageEnvelope.seal(IMAGE, customer.getPublic(), AAD);
        assertThat(first.getIv()).isNotEqualTo(second.getIv());
        assertThat(first.getCiphertext()).isNotEqualTo(second.getCiphertext());
    }

    @Test
    void tamperedCiphertextIsRefused() throws Exception {
        KeyPair customer = TestKeys.rsa();
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, customer.getPublic(), AAD);
        byte[] bytes = sealed.getCiphertext().toByteArray();
        bytes[3] ^= 1;
        EncryptedImage tampered = sealed.toBuilder().setCiphertext(ByteString.copyFrom(bytes)).build();

        assertThatThrownBy(() -> ImageEnvelope.open(tampered, customer.getPrivate(), AAD))
                .isInstanceOf(ImageDecryptionException.class).hasMessage("ciphertext fails authentication");
    }

    @Test
    void wrongNonceLengthIsRefused() throws Exception {
        KeyPair customer = TestKeys.rsa();
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, customer.getPublic(), AAD)
                .toBuilder().setIv(ByteString.copyFrom(new byte[4])).build();
        assertThatThrownBy(() -> ImageEnvelope.open(sealed, customer.getPrivate(), AAD))
                .isInstanceOf(ImageDecryptionException.class);
    }

    @Test
    void keyRingRefusesUnknownKeysAndKeysOfAnotherCustomer(@TempDir Path dir) throws Exception {
        KeyPair demo = TestKeys.rsa();
        PemKeys.writePrivateKey(demo.getPrivate(), dir.resolve("demo.pem"));
        record File(String customer, Path privateKeyFile, boolean retired) implements ImageKeyRing.KeyFile {
        }
        ImageKeyRing ring = ImageKeyRing.load(Map.of("k1", new File("demo", dir.resolve("demo.pem"), false),
                "k0", new File("demo", dir.resolve("demo.pem"), true)));
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, demo.getPublic(), AAD);

        assertThat(ring.open("demo", "k1", sealed, AAD)).isEqualTo(IMAGE);
        assertThatThrownBy(() -> ring.open("demo", "k2", sealed, AAD)).hasMessage("unknown image key id");
        assertThatThrownBy(() -> ring.open("acme", "k1", sealed, AAD)).hasMessage("image key belongs to another customer");
        assertThatThrownBy(() -> ring.open("demo", "k0", sealed, AAD)).as("retired in configuration").hasMessage("image key retired");
    }

    @Test
    void pemRoundTripsRsaAndEcKeys(@TempDir Path dir) throws Exception {
        for (KeyPair pair : new KeyPair[]{TestKeys.rsa(), TestKeys.ec()}) {
            PemKeys.writePrivateKey(pair.getPrivate(), dir.resolve("private.pem"));
            PemKeys.writePublicKey(pair.getPublic(), dir.resolve("public.pem"));
            assertThat(PemKeys.readPrivateKey(dir.resolve("private.pem"))).isEqualTo(pair.getPrivate());
            assertThat(PemKeys.readPublicKey(dir.resolve("public.pem"))).isEqualTo(pair.getPublic());
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("private.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aRetiredKeyIdOpensNothing() throws Exception {
        KeyPair old = TestKeys.rsa();
        ImageKeyRing ring = new ImageKeyRing(Map.of("k-old", new ImageKeyRing.Entry("demo", old.getPrivate(), true)));
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, old.getPublic(), AAD);
        assertThatThrownBy(() -> ring.open("demo", "k-old", sealed,
                AAD)).isInstanceOf(ImageDecryptionException.class).hasMessage("image key retired");
    }

    @Test
    void aFrameOpensOnlyInTheSessionAndPlaceItWasSealedFor() throws Exception {
        KeyPair customer = TestKeys.rsa();
        EncryptedImage sealed = ImageEnvelope.seal(IMAGE, customer.getPublic(), FrameBinding.associatedData("session-1", 7));
        assertThat(ImageEnvelope.open(sealed, customer.getPrivate(), FrameBinding.associatedData("session-1", 7))).isEqualTo(IMAGE);
        for (byte[] elsewhere : new byte[][]{FrameBinding.associatedData("session-2", 7), FrameBinding.associatedData("session-1", 8),
                FrameBinding.associatedData("session-17", 7 / 10), new byte[0]}) {
            assertThatThrownBy(() -> ImageEnvelope.open(sealed, customer.getPrivate(), elsewhere))
                    .isInstanceOf(ImageDecryptionException.class).hasMessage("ciphertext fails authentication");
        }
        assertThat(new String(FrameBinding.associatedData("3f2a", 12), StandardCharsets.UTF_8)).isEqualTo("likeness-frame-v1:3f2a:12");
    }
}
