package io.metastream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CUDA image points DJL at a libtorch by version and flavor; both must match the JNI library the
 * jar carries, or DJL would try to download one at start (and fail offline). Guards a DJL upgrade
 * that forgets the Dockerfile.
 */
class ContainerImageTest {

    private static final Path DOCKERFILE = Path.of("..", "Dockerfile");

    @Test
    void cudaImageNamesTheLibtorchVersionAndFlavorOfTheBundledJniLibrary() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        String version = setting(dockerfile, "PYTORCH_VERSION");
        String flavor = setting(dockerfile, "PYTORCH_FLAVOR");

        Properties jni = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/jnilib/pytorch.properties")) {
            assertThat(in).as("pytorch-jni on the classpath").isNotNull();
            jni.load(in);
        }
        assertThat(jni.getProperty("jni_version")).startsWith(version + "-");
        assertThat(getClass().getResource("/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so"))
                .as("the %s JNI library in pytorch-jni", flavor).isNotNull();
        assertThat(setting(dockerfile, "LIBTORCH_URL")).contains("/" + flavor + "/")
                .endsWith("-" + version + "%2B" + flavor + ".zip");
        assertThat(setting(dockerfile, "PYTORCH_LIBRARY_PATH")).isEqualTo("/opt/libtorch/lib");
    }

    @Test
    void imagesRunTheShadedJarThroughTheLauncher() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);

        assertThat(dockerfile).contains("COPY app/target/metastream.jar /opt/metastream/metastream.jar",
                "ENTRYPOINT [\"metastream\"]");
        assertThat(setting(dockerfile, "METASTREAM_JAR")).isEqualTo("/opt/metastream/metastream.jar");
        assertThat(Files.readString(Path.of("..", "metastream")))
                .contains("JAR=\"${METASTREAM_JAR:-$ROOT/app/target/metastream.jar}\"",
                        "exec java ${JAVA_OPTS:-} -Dai.djl.offline=true -jar \"$JAR\" \"$@\"");
        assertThat(Files.readString(Path.of("..", ".dockerignore")).lines())
                .contains("*", "!app/target/metastream.jar", "!metastream");
    }

    /** The value of {@code NAME=value} in an ENV or ARG line. */
    private static String setting(String dockerfile, String name) {
        Matcher m = Pattern.compile("(?m)(?:^|\\s)" + name + "=(\\S+)").matcher(dockerfile);
        assertThat(m.find()).as("%s in the Dockerfile", name).isTrue();
        return m.group(1);
    }
}
