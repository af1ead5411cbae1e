package io.metastream.app.publish;

import java.util.Map;
import java.util.function.Consumer;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.data.SyntheticConfig;
import io.metastream.domain.data.SyntheticPersonas;

/** Examples from the synthetic persona generator: a data set for machines without one. */
public final class SyntheticSource implements ExampleSource {

    private final SyntheticPersonas personas;

    public SyntheticSource(SyntheticConfig config) {
        this.personas = new SyntheticPersonas(config);
    }

    @Override
    public String describe() {
        SyntheticConfig c = personas.config();
        return "synthetic (" + c.personas() + " personas, seed " + c.seed() + ")";
    }

    @Override
    public void forEach(Consumer<ConversationExample> sink) {
        personas.examples().forEachOrdered(sink);
    }

    @Override
    public Map<String, Long> problems() {
        return Map.of();
    }
}
