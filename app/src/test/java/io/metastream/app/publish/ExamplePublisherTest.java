package io.metastream.app.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.metastream.domain.ConversationExample;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ExamplePublisherTest {

    private static final Serializer<ConversationExample> IGNORED = (topic, value) -> new byte[0];

    static ConversationExample example(String persona, int turn) {
        return new ConversationExample(ConversationExample.idFor(persona, "d", Integer.toString(turn)), persona, "d",
                turn, List.of("hi"), "hello " + turn, List.of(), List.of(), "test");
    }

    @Test
    void keysEveryRecordByPersonaOnTheGivenTopic() {
        MockProducer<String, ConversationExample> producer = new MockProducer<>(true, null, new StringSerializer(), IGNORED);
        ExamplePublisher publisher = new ExamplePublisher(producer, "conversations");

        publisher.send(example("p1", 0));
        publisher.send(example("p2", 1));
        PublishReport report = publisher.finish();

        assertThat(producer.history()).extracting(r -> r.topic()).containsOnly("conversations");
        assertThat(producer.history()).extracting(r -> r.key()).containsExactly("p1", "p2");
        assertThat(producer.history()).allMatch(r -> r.key().equals(r.value().personaId()));
        assertThat(report).isEqualTo(new PublishReport(2, java.util.Map.of()));
    }

    @Test
    void countsFailedSendsByExceptionTypeAndNotAsPublished() {
        MockProducer<String, ConversationExample> producer = new MockProducer<>(false, null, new StringSerializer(), IGNORED);
        ExamplePublisher publisher = new ExamplePublisher(producer, "conversations");

        publisher.send(example("p1", 0));
        publisher.send(example("p1", 1));
        publisher.send(example("p1", 2));
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too big"));
        producer.completeNext();
        PublishReport report = publisher.finish();

        assertThat(report.published()).isEqualTo(2);
        assertThat(report.failedSends()).containsExactlyEntriesOf(java.util.Map.of("RecordTooLargeException", 1L));
        assertThat(publisher.sent()).isEqualTo(3);
    }
}
