package dev.likeness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The image every service runs on, made only from Debian packages with mmdebstrap: Debian's
 * essential set (the smallest system dpkg can manage: a shell, coreutils, libc), a Java 17 runtime
 * and the CA certificates, nothing else (no package manager, no compiler). Its manual pages, locales
 * and documentation are left out, except each package's copyright file, which its licence requires.
 * The user {@value #USER_ID} ({@value #USER_NAME}) is the one the manifests' {@code runAsUser} names.
 *
 * <p>Its tag carries a hash of this recipe, so a changed recipe builds a new base and an unchanged one
 * is built once per machine. Packages come from Debian's mirror with the point and security updates.
 */
public final class BaseImage {

    public static final int USER_ID = 185;
    public static final String USER_NAME = "likeness";
    static final String SUITE = "bookworm";
    static final List<String> PACKAGES = List.of("ca-certificates", "openjdk-17-jre-headless");
    static final List<String> SOURCES = List.of(
            "deb http://deb.debian.org/debian " + SUITE + " main",
            "deb http://deb.debian.org/debian " + SUITE + "-updates main",
            "deb http://deb.debian.org/debian-security " + SUITE + "-security main");
    static final List<String> LEFT_OUT = List.of("/usr/share/man/*", "/usr/share/locale/*", "/usr/share/info/*", "/usr/share/doc/*");
    static final List<String> KEPT = List.of("/usr/share/doc/*/copyright");
    /** The JRE's post-install script links its manual page, and fails where the folder is left out. */
    static final String MANUAL_FOLDER_HOOK = "mkdir -p \"$1/usr/share/man/man1\"";
    static final String USER_HOOK = "echo '" + USER_NAME + ":x:" + USER_ID + ":" + USER_ID + ":Likeness:/deployments:/usr/sbin/nologin'"
            + " >> \"$1/etc/passwd\""
            + " && echo '" + USER_NAME + ":x:" + USER_ID + ":' >> \"$1/etc/group\" && mkdir -p \"$1/deployments\"";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);

    private BaseImage() {
    }

    /** The base's name and tag in the local store: {@code localhost/likeness/base:bookworm-<recipe hash>}. */
    public static String tag() {
        return "localhost/likeness/base:" + SUITE + "-" + recipeHash();
    }

    /** Builds the base unless the local store has it; its tag. */
    public static String ensure(Podman podman, Path workDirectory, boolean rebuild) {
        String tag = tag();
        if (!rebuild && podman.hasImage(tag)) {
            return tag;
        }
        if (!ExternalTool.onPath("mmdebstrap")) {
            throw new IllegalStateException("mmdebstrap is not installed: apt-get install -y podman runc mmdebstrap");
        }
        Path rootFileSystem = workDirectory.resolve("base-rootfs.tar");
        try {
            Files.createDirectories(workDirectory);
            ExternalTool.run(mmdebstrap(rootFileSystem), List.of(), BUILD_LIMIT);
            podman.run(BUILD_LIMIT, "import", "--change", "USER=" + USER_ID, "--change", "WORKDIR=/deployments",
                    "--message", "Debian " + SUITE + " essential + " + String.join(", ", PACKAGES), rootFileSystem.toString(), tag);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(rootFileSystem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The Debian packages in {@code base}, read from its own dpkg database: name, version, architecture. */
    public static List<DebianPackage> packages(Podman podman, String base) {
        String listed = podman.run(Duration.ofMinutes(1), "run", "--rm", "--pids-limit=-1", "--network", "none", base,
                "dpkg-query", "--show", "--showformat", "${Package}\\t${Version}\\t${Architecture}\\n");
        return listed.lines().filter(line -> !line.isBlank()).map(DebianPackage::parse).toList();
    }

    static List<String> mmdebstrap(Path rootFileSystem) {
        List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=essential", "--include=" + String.join(",", PACKAGES),
                "--aptopt=APT::Install-Recommends \"false\""));
        LEFT_OUT.forEach(path -> command.add("--dpkgopt=path-exclude=" + path));
        KEPT.forEach(path -> command.add("--dpkgopt=path-include=" + path));
        command.add("--essential-hook=" + MANUAL_FOLDER_HOOK);
        command.add("--customize-hook=" + USER_HOOK);
        command.add(SUITE);
        command.add(rootFileSystem.toString());
        command.addAll(SOURCES);
        return command;
    }

    static String recipeHash() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(String.join("\n", mmdebstrap(Path.of("rootfs.tar"))).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A package of the base as dpkg lists it. */
    public record DebianPackage(String name, String version, String architecture) {
        static DebianPackage parse(String line) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IllegalArgumentException("not a dpkg-query line: " + line);
            }
            return new DebianPackage(fields[0], fields[1], fields[2]);
        }

        /** Its package URL, as CycloneDX names a Debian package. */
        public String purl() {
            return "pkg:deb/debian/" + name + "@" + version.replace(":", "%3A").replace("+", "%2B") + "?arch=" + architecture
                    + "&distro=debian-" + SUITE;
        }
    }
}
