package dev.likeness.vision;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Native libraries are copied once into a folder of this user's alone and found there again; a
 * folder others could write to is refused. The libraries here are plain bytes in a folder on a
 * class path of their own; the last test loads the real OpenCV and ONNX Runtime.
 */
class NativeLibrariesTest {

    private static final String RESOURCE = "native/linux-x64/libsample.so";

    @TempDir
    Path temp;

    private byte[] library;
    private ClassLoader jar;
    private Path folder;

    @BeforeEach
    void aJarWithALibrary() throws IOException {
        library = new byte[300_000];
        new Random(7).nextBytes(library);
        Path classes = temp.resolve("classes");
        Files.createDirectories(classes.resolve(RESOURCE).getParent());
        Files.write(classes.resolve(RESOURCE), library);
        jar = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
        folder = temp.resolve("native");
    }

    @Test
    void theFirstLoadCopiesTheLibraryIntoAFolderOfThisUsersAloneAndTheNextFindsThatCopy() throws IOException {
        Path copy = NativeLibraries.cached(jar, RESOURCE, folder).orElseThrow();
        assertThat(copy.getParent()).isEqualTo(folder);
        assertThat(copy.getFileName().toString()).startsWith("libsample-").endsWith(".so");
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");

        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, written);
        assertThat(NativeLibraries.cached(jar, RESOURCE, folder)).contains(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("found, not written again").isEqualTo(written);
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void aCopyThatIsNotTheJarsIsReplaced() throws IOException {
        Path copy = NativeLibraries.cached(jar, RESOURCE, folder).orElseThrow();
        byte[] altered = library.clone();
        altered[123_456] ^= 1; // same size, one bit off
        Files.write(copy, altered);
        assertThat(NativeLibraries.cached(jar, RESOURCE, folder)).contains(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);

        Files.write(copy, new byte[] {1, 2, 3}); // cut short
        assertThat(NativeLibraries.cached(jar, RESOURCE, folder)).contains(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);
    }

    @Test
    void anotherVersionOfTheLibraryGetsACopyOfItsOwn() throws IOException {
        Path first = NativeLibraries.cached(jar, RESOURCE, folder).orElseThrow();
        library[0] ^= 1;
        Files.write(temp.resolve("classes").resolve(RESOURCE), library);
        Path second = NativeLibraries.cached(jar, RESOURCE, folder).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(Files.readAllBytes(second)).isEqualTo(library);
    }

    @Test
    void aFolderOthersCanWriteToIsNotUsed() throws IOException {
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask
        assertThat(NativeLibraries.cached(jar, RESOURCE, folder)).isEmpty();
        try (var files = Files.list(folder)) {
            assertThat(files).as("nothing written there").isEmpty();
        }
    }

    @Test
    void aFolderThatIsASymbolicLinkIsNotUsed() throws IOException {
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(folder, elsewhere);
        assertThat(NativeLibraries.cached(jar, RESOURCE, folder)).isEmpty();
        try (var files = Files.list(elsewhere)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aLibraryTheJarDoesNotHaveIsAnError() {
        assertThatThrownBy(() -> NativeLibraries.cached(jar, "native/linux-x64/libnone.so", folder))
                .isInstanceOf(IOException.class).hasMessageContaining("libnone.so");
    }

    @Test
    void whereNoCopyCanBeKeptTheCallerIsToldToUseTheLibrarysOwnLoader() throws IOException {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        String before = System.getProperty(NativeLibraries.FOLDER_PROPERTY);
        System.setProperty(NativeLibraries.FOLDER_PROPERTY, shared.toString());
        try {
            assertThat(NativeLibraries.userFolder()).contains(shared);
            assertThat(NativeLibraries.inUserFolder(jar, RESOURCE)).as("a folder others can write to").isEmpty();
            System.setProperty(NativeLibraries.FOLDER_PROPERTY, folder.toString());
            assertThat(NativeLibraries.inUserFolder(jar, "native/linux-x64/libnone.so")).as("a library not there").isEmpty();
            assertThat(NativeLibraries.inUserFolder(jar, RESOURCE)).as("all well").isPresent();
        } finally {
            if (before == null) {
                System.clearProperty(NativeLibraries.FOLDER_PROPERTY);
            } else {
                System.setProperty(NativeLibraries.FOLDER_PROPERTY, before);
            }
        }
    }

    @Test
    void classesOfAnotherClassLoaderAreLeftToTheirLibrarysOwnLoader() {
        // A JNI library serves the classes of the loader that loaded it: ours cannot load one for String's.
        assertThat(NativeLibraries.forClassesOf(String.class, "org/opencv/none.so")).isEmpty();
    }

    @Test
    void openCvAndOnnxRuntimeRunFromThisUsersCopies() throws Exception {
        OpenCvRuntime.load();
        Class.forName(OnnxRuntimeModel.class.getName(), true, OnnxRuntimeModel.class.getClassLoader());
        Path userFolder = NativeLibraries.userFolder().orElseThrow();
        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertThat(maps).contains(userFolder.resolve("libopencv_java490-").toString())
                .contains(userFolder.resolve("libonnxruntime-").toString())
                .contains(userFolder.resolve("libonnxruntime4j_jni-").toString())
                .doesNotContain("opencv_openpnp");
    }
}
