package io.metastream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductionMarkerTest {
    @TempDir
    Path root;

    @Test
    void writesOneLineWithTheVersionAtTheStoreRoot() throws Exception {
        new ProductionMarker(root).write("v0003");

        assertThat(Files.readString(root.resolve("PRODUCTION"))).isEqualTo("v0003\n");
    }

    @Test
    void replacesThePreviousVersionAndLeavesNoTemporaryFiles() throws Exception {
        ProductionMarker marker = new ProductionMarker(root);
        marker.write("v1");
        marker.write("v2");

        assertThat(marker.read()).contains("v2");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("PRODUCTION");
        }
    }

    @Test
    void readsNothingWhenThereIsNoMarker() {
        assertThat(new ProductionMarker(root).read()).isEmpty();
    }

    @Test
    void createsTheStoreDirectoryIfMissing() {
        ProductionMarker marker = new ProductionMarker(root.resolve("new/store"));
        marker.write("v1");

        assertThat(marker.read()).contains("v1");
    }

    @Test
    void refusesAVersionThatIsNotOneLine() {
        ProductionMarker marker = new ProductionMarker(root);
        assertThatThrownBy(() -> marker.write("v1\nv2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> marker.write(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
