package dev.likeness.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An image's SBOM: the service's Maven components, the base's Debian packages, and the image as the subject. */
class ImageSbomTest {

    @Test
    void theImageIsTheSubject_theServiceAndEveryDebianPackageAreComponents() throws Exception {
        ObjectNode maven = (ObjectNode) new ObjectMapper().readTree("""
                {"bomFormat": "CycloneDX", "specVersion": "1.6",
                 "metadata": {"component": {"type": "application", "bom-ref": "pkg:maven/dev.likeness/auth-relay@0.1.0?type=jar",
                              "name": "auth-relay", "version": "0.1.0"}},
                 "components": [{"type": "library", "name": "grpc-core", "purl": "pkg:maven/io.grpc/grpc-core@1.79.0?type=jar"}],
                 "dependencies": []}""");
        List<BaseImage.DebianPackage> packages = List.of(
                BaseImage.DebianPackage.parse("openjdk-17-jre-headless\t17.0.21+7-1~deb12u1\tamd64"),
                BaseImage.DebianPackage.parse("libc6\t2.36-9+deb12u14\tamd64"));

        ObjectNode sbom = ImageSbom.forImage(maven, "likeness/auth-relay", ImageSbom.version(maven), packages);

        assertThat(sbom.at("/metadata/component/type").asText()).isEqualTo("container");
        assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("likeness/auth-relay");
        assertThat(sbom.at("/metadata/component/version").asText()).isEqualTo("0.1.0");
        assertThat(sbom.path("components").valueStream().map(component -> component.path("name").asText()))
                .containsExactly("auth-relay", "grpc-core", "openjdk-17-jre-headless",
                "libc6");
        assertThat(sbom.path("components").findValuesAsText("purl")).contains(
                "pkg:deb/debian/openjdk-17-jre-headless@17.0.21%2B7-1~deb12u1?arch=amd64&distro=debian-bookworm");
        assertThat(sbom.at("/dependencies/0/ref").asText()).isEqualTo("likeness/auth-relay:0.1.0");
        assertThat(sbom.at("/dependencies/0/dependsOn").size()).as("the service and both packages").isEqualTo(3);
        assertThat(maven.at("/metadata/component/name").asText()).as("the Maven BOM is left as it was").isEqualTo("auth-relay");
    }

    @Test
    void aLineThatIsNotDpkgsIsRefused() {
        assertThatThrownBy(() -> BaseImage.DebianPackage.parse("libc6 2.36"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a dpkg-query line");
    }

    @Test
    void theBaseTagChangesWithItsRecipe_aDirtyTreeIsInTheTag() {
        assertThat(BaseImage.tag()).matches("localhost/likeness/base:bookworm-[0-9a-f]{12}");
        assertThat(BaseImage.mmdebstrap(Path.of("r.tar"))).contains("--include=ca-certificates,openjdk-17-jre-headless",
                "--variant=essential").anyMatch(arg -> arg.contains("debian-security bookworm-security"));
        assertThat(new SourceRevision("0d28762ea053aaaa", true, "x").tagSuffix()).isEqualTo("0d28762ea053-dirty");
        assertThat(new SourceRevision("0d28762ea053aaaa", false, "x").tagSuffix()).isEqualTo("0d28762ea053");
    }
}
