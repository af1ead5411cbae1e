package io.metastream.domain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CsvParserPropertyTest {

    @Property(tries = 300)
    void quotedFieldsRoundTrip(@ForAll("records") List<List<String>> records, @ForAll boolean crlf) throws IOException {
        String eol = crlf ? "\r\n" : "\n";
        String text = records.stream()
                .map(r -> r.stream().map(CsvParser::quote).collect(Collectors.joining(",")) + eol)
                .collect(Collectors.joining());
        List<List<String>> back = new ArrayList<>();
        try (CsvParser p = new CsvParser(new StringReader(text))) {
            List<String> r;
            while ((r = p.next()) != null) {
                assertThat(p.malformation()).isNull();
                back.add(r);
            }
        }
        assertThat(back).isEqualTo(records);
    }

    @Property(tries = 100)
    void recordLinesCountTheLineBreaksInsideQuotedFields(@ForAll("records") List<List<String>> records) throws IOException {
        StringBuilder text = new StringBuilder();
        List<Long> expected = new ArrayList<>();
        long line = 1;
        for (List<String> r : records) {
            expected.add(line);
            String row = r.stream().map(CsvParser::quote).collect(Collectors.joining(",")) + "\n";
            text.append(row);
            line += row.replace("\r\n", "\n").chars().filter(c -> c == '\n' || c == '\r').count();
        }
        List<Long> starts = new ArrayList<>();
        try (CsvParser p = new CsvParser(new StringReader(text.toString()))) {
            while (p.next() != null) {
                starts.add(p.recordLine());
            }
        }
        assertThat(starts).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<List<String>>> records() {
        Arbitrary<String> field = Arbitraries.strings().withChars('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '|')
                .ofMaxLength(8);
        return field.list().ofMinSize(1).ofMaxSize(4)
                // A lone empty field would be a blank line, which readers treat as no record at all.
                .filter(r -> !(r.size() == 1 && r.get(0).isEmpty()))
                .list().ofMaxSize(5);
    }
}
