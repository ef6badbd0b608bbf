package dev.likeness.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The native libraries that OpenCV's and ONNX Runtime's jars carry, copied out once into a folder
 * of this user's that outlives the process, and loaded from there.
 *
 * <p>Why not the libraries' own loaders: they copy the library (65 MB for OpenCV) into a fresh
 * temporary folder on every start and delete it only on a clean exit. A process killed with -9 (an
 * OOM kill, a failed liveness probe) keeps its copy; Kubernetes restarts the container with the
 * same {@code emptyDir} at /tmp, so each crash kept 65 MB more until the volume or the node's disk
 * filled. Here a copy is named by its content, so every start and every process of the user finds
 * the one it needs, and a crash leaves nothing new.
 *
 * <p>Loading native code from a shared folder is only safe when nobody else can write there: the
 * folder must be this process's user's, not a symbolic link, and writable by nobody else; a copy
 * is used only when it is a regular file of the right size and checksum (the checksum catches a
 * copy cut short, not an adversary: one who could write there could as well change the jars).
 * Where any of that does not hold, or off Linux, {@link #cached} says so and the caller falls back
 * to the library's own loader.
 */
final class NativeLibraries {

    /** Overrides the folder, for a host whose temporary folder is not the place (say a read-only one). */
    static final String FOLDER_PROPERTY = "likeness.native-libraries";

    private static final System.Logger LOG = System.getLogger(NativeLibraries.class.getName());

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private NativeLibraries() {
    }

    /**
     * {@code resource}'s copy in {@link #userFolder} for {@code bindingClass}'s native methods, or
     * empty where that class has a class loader other than ours. A JNI library belongs to the
     * loader of the class that loads it, and one file can belong to one loader only. In production
     * one loader holds every jar; in a Quarkus test or dev mode our modules are reloaded by a loader
     * of their own while OpenCV's and ONNX Runtime's jars stay in the base one, and there only the
     * library's own loader, in its jar, can load it for its classes.
     */
    static Optional<Path> forClassesOf(Class<?> bindingClass, String resource) {
        if (bindingClass.getClassLoader() != NativeLibraries.class.getClassLoader()) {
            return Optional.empty();
        }
        return inUserFolder(bindingClass.getClassLoader(), resource);
    }

    /**
     * {@code resource}'s copy in {@link #userFolder}, or empty (off Linux; or no trusted folder, a
     * failed copy: said in the log) for the caller to use the library's own loader.
     */
    static Optional<Path> inUserFolder(ClassLoader loader, String resource) {
        Optional<Path> folder = userFolder();
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Path> copy = cached(loader, resource, folder.get());
            if (copy.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "{0} is not this user''s alone: native libraries are loaded the libraries'' own way, "
                        + "a fresh copy in the temporary folder on each start", folder.get());
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "native library {0} could not be kept in {1} ({2}): loaded the library''s own way",
                    resource, folder.get(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * This user's folder: {@code likeness-native-<uid>} in the temporary folder, unless
     * {@link #FOLDER_PROPERTY} names one; empty off Linux.
     */
    static Optional<Path> userFolder() {
        String configured = System.getProperty(FOLDER_PROPERTY);
        return processUid().map(uid -> configured != null && !configured.isBlank()
                ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "likeness-native-" + uid));
    }

    /**
     * The copy of {@code resource} (a path in {@code loader}'s jars) in {@code folder}, written if
     * missing or not the jar's; empty when the folder cannot be trusted or written, or off Linux.
     */
    static Optional<Path> cached(ClassLoader loader, String resource, Path folder) throws IOException {
        Optional<Integer> uid = processUid();
        if (uid.isEmpty() || !trustedFolder(folder, uid.get())) {
            return Optional.empty();
        }
        Content content = contentOf(loader, resource);
        String name = Path.of(resource).getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        String suffix = dot < 0 ? "" : name.substring(dot);
        Path copy = folder.resolve(stem + "-" + content.name() + suffix);
        if (content.matches(copy, uid.get())) {
            return Optional.of(copy);
        }
        // Written beside it, checked as it is written, and moved into place in one step: another
        // process loading the same library at the same moment sees no copy or a whole one.
        Path partial = Files.createTempFile(folder, stem, ".partial");
        try {
            Content written;
            try (InputStream in = open(loader, resource); OutputStream out = Files.newOutputStream(partial)) {
                written = measure(in, out);
            }
            if (!written.equals(content)) {
                throw new IOException("the copy of " + resource + " in " + folder + " does not match the jar's");
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        return Optional.of(copy);
    }

    /** Creates the folder for this user alone, or accepts one that is this user's alone already. */
    private static boolean trustedFolder(Path folder, int uid) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(folder.getParent());
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // another process made it first: judged below like any existing folder
            }
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || ownerOf(folder, LinkOption.NOFOLLOW_LINKS) != uid) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
        return !permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The size and CRC-32 of a library's bytes: what names its copy and checks it. */
    private record Content(long size, long crc) {

        String name() {
            return HexFormat.of().toHexDigits((int) crc) + "-" + size;
        }

        boolean matches(Path copy, int uid) throws IOException {
            if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) || ownerOf(copy,
                    LinkOption.NOFOLLOW_LINKS) != uid || Files.size(copy) != size) {
                return false;
            }
            try (InputStream in = Files.newInputStream(copy)) {
                return equals(measure(in, OutputStream.nullOutputStream()));
            }
        }
    }

    private static Content contentOf(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = open(loader, resource)) {
            return measure(in, OutputStream.nullOutputStream());
        }
    }

    /** Reads {@code in} to its end, writing what it reads to {@code out}. */
    private static Content measure(InputStream in, OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            crc.update(buffer, 0, read);
            out.write(buffer, 0, read);
            size += read;
        }
        return new Content(size, crc.getValue());
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " on the class path");
        }
        return in;
    }

    private static int ownerOf(Path path, LinkOption... options) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", options);
    }

    /** The effective user of this process, which owns its folder in /proc; empty off Linux. */
    private static Optional<Integer> processUid() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ownerOf(Path.of("/proc/self")));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING,
                    "this process''s user is unknown ({0}): native libraries are loaded the libraries'' own way",
                    e.toString());
            return Optional.empty();
        }
    }
}
