package io.metastream.domain.data;

import java.util.Locale;
import java.util.Objects;

/**
 * Counts of one data file, as {@code metastream data stats} prints them.
 *
 * @param format           the file's format
 * @param dialogues        dialogues (ParlAI, HF JSON) or conversations (SPC) read
 * @param examples         examples read (every reply with at least one previous turn)
 * @param personas         distinct personas that speak at least one example
 * @param minPerPersona    fewest examples of a persona (0 when there are no personas)
 * @param medianPerPersona median examples per persona
 * @param maxPerPersona    most examples of a persona
 * @param problems         malformed inputs skipped (always 0 under {@link OnError#FAIL})
 */
public record DataStats(DataFormat format, long dialogues, long examples, int personas, long minPerPersona,
                        double medianPerPersona, long maxPerPersona, int problems) {
    public DataStats {
        Objects.requireNonNull(format, "format");
        if (dialogues < 0 || examples < 0 || personas < 0 || minPerPersona < 0 || maxPerPersona < minPerPersona
                || problems < 0 || !(medianPerPersona >= minPerPersona && medianPerPersona <= maxPerPersona)) {
            throw new IllegalArgumentException("inconsistent counts: dialogues=" + dialogues + " examples=" + examples
                    + " personas=" + personas + " min/median/max=" + minPerPersona + "/" + medianPerPersona + "/"
                    + maxPerPersona + " problems=" + problems);
        }
    }

    /** One JSON object: format, dialogues, examples, personas, examples_per_persona {min, median, max}, problems. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"format\":\"%s\",\"dialogues\":%d,\"examples\":%d,\"personas\":%d,"
                        + "\"examples_per_persona\":{\"min\":%d,\"median\":%s,\"max\":%d},\"problems\":%d}",
                format.name(), dialogues, examples, personas, minPerPersona, number(medianPerPersona),
                maxPerPersona, problems);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
