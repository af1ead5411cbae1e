package io.metastream.domain.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Checkpoint;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainArbitraries;
import io.metastream.domain.Evaluation;
import io.metastream.domain.OffsetRange;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.PromotionDecision;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SerdeRoundTripPropertyTest {

    @Property(tries = 200)
    void conversationExamplesRoundTrip(@ForAll("examples") ConversationExample e) {
        assertThat(JsonSerde.conversationExample().fromBytes(JsonSerde.conversationExample().toBytes(e))).isEqualTo(e);
    }

    @Property(tries = 100)
    void personaTasksRoundTrip(@ForAll("tasks") PersonaTask t) {
        assertThat(JsonSerde.personaTask().fromBytes(JsonSerde.personaTask().toBytes(t))).isEqualTo(t);
    }

    @Property(tries = 200)
    void checkpointsRoundTrip(@ForAll("checkpoints") Checkpoint c) {
        assertThat(JsonSerde.checkpoint().fromBytes(JsonSerde.checkpoint().toBytes(c))).isEqualTo(c);
    }

    @Property(tries = 200)
    void evaluationsRoundTripWithTheSameDigest(@ForAll("evaluations") Evaluation e) {
        Evaluation back = JsonSerde.evaluation().fromBytes(JsonSerde.evaluation().toBytes(e));
        assertThat(back).isEqualTo(e);
        assertThat(back.digest()).isEqualTo(e.digest());
    }

    @Property(tries = 200)
    void promotionDecisionsRoundTrip(@ForAll("decisions") PromotionDecision d) {
        assertThat(JsonSerde.promotionDecision().fromBytes(JsonSerde.promotionDecision().toBytes(d))).isEqualTo(d);
    }

    @Property(tries = 200)
    void offsetRangesRoundTrip(@ForAll("ranges") OffsetRange r) {
        JsonSerde<OffsetRange> serde = new JsonSerde<>(OffsetRange.class);
        assertThat(serde.fromBytes(serde.toBytes(r))).isEqualTo(r);
    }

    @Provide
    Arbitrary<ConversationExample> examples() {
        return DomainArbitraries.example();
    }

    @Provide
    Arbitrary<PersonaTask> tasks() {
        return DomainArbitraries.personaTask();
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        return DomainArbitraries.checkpoint();
    }

    @Provide
    Arbitrary<Evaluation> evaluations() {
        return DomainArbitraries.evaluation();
    }

    @Provide
    Arbitrary<PromotionDecision> decisions() {
        return DomainArbitraries.promotionDecision();
    }

    @Provide
    Arbitrary<OffsetRange> ranges() {
        return DomainArbitraries.offsetRange();
    }
}
