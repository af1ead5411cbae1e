package io.metastream.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The trainer's meters. Tags are bounded enums: never a persona or task id. */
final class TrainerMetrics {
    /** How a round ended. */
    enum Outcome { PUBLISHED, NON_FINITE, PARENT_CORRUPT, FAILED }

    /** What became of one consumed task record. */
    enum Consumed { ADDED, REPLACED, STALE, HELD_OUT, INVALID }

    private final Map<Outcome, Counter> rounds = new EnumMap<>(Outcome.class);
    private final Map<Consumed, Counter> consumed = new EnumMap<>(Consumed.class);
    private final Timer roundDuration;
    private final AtomicLong poolSize = new AtomicLong();
    private final AtomicLong poolNew = new AtomicLong();
    private final AtomicReference<Double> lastLoss = new AtomicReference<>(Double.NaN);
    private final AtomicLong lastVersion = new AtomicLong();

    TrainerMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            rounds.put(o, Counter.builder("metastream.trainer.rounds")
                    .description("Meta-update rounds by outcome (published, non_finite loss, parent_corrupt, failed)")
                    .tag("outcome", o.name().toLowerCase()).register(registry));
        }
        for (Consumed c : Consumed.values()) {
            consumed.put(c, Counter.builder("metastream.trainer.tasks.consumed")
                    .description("Persona task records read from the tasks topic, by what the pool did with them")
                    .tag("result", c.name().toLowerCase()).register(registry));
        }
        roundDuration = Timer.builder("metastream.trainer.round.duration")
                .description("Wall time of a meta-update round: retraining, publishing and committing")
                .register(registry);
        Gauge.builder("metastream.trainer.pool.size", poolSize, AtomicLong::get)
                .description("Persona tasks held in the pool (new plus replay candidates)").baseUnit("tasks")
                .register(registry);
        Gauge.builder("metastream.trainer.pool.new", poolNew, AtomicLong::get)
                .description("Persona tasks waiting for their first round").baseUnit("tasks").register(registry);
        Gauge.builder("metastream.trainer.last.loss", lastLoss, AtomicReference::get)
                .description("Final training loss of the last round (NaN before the first)").register(registry);
        Gauge.builder("metastream.trainer.last.version", lastVersion, AtomicLong::get)
                .description("Number of the last published checkpoint version (0 before the first)")
                .register(registry);
    }

    void round(Outcome outcome, Duration took) {
        rounds.get(outcome).increment();
        roundDuration.record(took);
    }

    void consumed(Consumed what) {
        consumed.get(what).increment();
    }

    void pool(int size, int fresh) {
        poolSize.set(size);
        poolNew.set(fresh);
    }

    void loss(double loss) {
        lastLoss.set(loss);
    }

    void version(long number) {
        lastVersion.set(number);
    }
}
