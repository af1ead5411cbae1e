package io.metastream.domain.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Applies the {@link OnError} policy; remembers each problem once although files are read in two passes. */
final class Problems {
    private final Path file;
    private final OnError policy;
    private final Set<Problem> seen = new LinkedHashSet<>();

    Problems(Path file, OnError policy) {
        this.file = file;
        this.policy = policy;
    }

    /** Under FAIL throws; under SKIP records the problem and returns so the caller can skip the input. */
    void report(long line, String reason) throws MalformedInputException {
        Problem p = new Problem(file, Math.max(1, line), reason);
        if (policy == OnError.FAIL) {
            throw new MalformedInputException(p);
        }
        seen.add(p);
    }

    /** Input after which nothing can be read (broken JSON, an unterminated CSV quote, a missing header). */
    MalformedInputException fatal(long line, String reason) {
        Problem p = new Problem(file, Math.max(1, line), reason);
        seen.add(p);
        return new MalformedInputException(p);
    }

    List<Problem> list() {
        return List.copyOf(new ArrayList<>(seen));
    }

    int size() {
        return seen.size();
    }
}
