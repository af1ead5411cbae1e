package io.metastream.domain.data;

import static io.metastream.domain.data.TempFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFormatTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormatFromItsContentNotItsName() throws IOException {
        assertThat(DataFormat.detect(write(dir, "a.json", "1 your persona: i like cats ."))).isEqualTo(DataFormat.PARLAI);
        assertThat(DataFormat.detect(write(dir, "b.txt", "", "  {\"train\": []}"))).isEqualTo(DataFormat.HF_JSON);
        assertThat(DataFormat.detect(write(dir, "d.csv", ",user 1 personas,user 2 personas,x"))).isEqualTo(DataFormat.SPC_CSV);
        assertThat(DataFormat.detect(write(dir, "c.txt", "\uFEFF\"user 1 personas\",user 2 personas,x")))
                .isEqualTo(DataFormat.SPC_CSV);
    }

    @Test
    void refusesAnUnknownFormatNamingTheAcceptedOnes() throws IOException {
        Path f = write(dir, "x.txt", "", "hello world");
        assertThatThrownBy(() -> DataFormat.detect(f)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(f + ":2: unknown data format")
                .hasMessageContaining("ParlAI").hasMessageContaining("JSON").hasMessageContaining("CSV");
    }

    @Test
    void refusesAnEmptyOrMissingFile() throws IOException {
        Path empty = write(dir, "empty.txt", "");
        assertThatThrownBy(() -> DataFormat.detect(empty)).hasMessageContaining("empty");
        assertThatThrownBy(() -> DataFormat.detect(dir.resolve("missing.txt"))).isInstanceOf(NoSuchFileException.class);
    }
}
