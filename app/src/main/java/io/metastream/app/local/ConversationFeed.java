package io.metastream.app.local;

import io.metastream.app.publish.ExamplePublisher;
import io.metastream.app.publish.ProducerSettings;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes conversations (and, on purpose, a few malformed records) to the conversations topic. */
public final class ConversationFeed {
    /** Not JSON; a blank reply; candidates without the gold reply — one per reject reason worth showing. */
    static final List<String> BAD_RECORDS = List.of("this is not json",
            "{\"exampleId\":\"bad-1\",\"personaId\":\"p\",\"dialogueId\":\"d\",\"turn\":0,"
                    + "\"context\":[\"hi\"],\"reply\":\"   \",\"source\":\"demo\"}",
            "{\"exampleId\":\"bad-2\",\"personaId\":\"p\",\"dialogueId\":\"d\",\"turn\":0,\"context\":[\"hi\"],"
                    + "\"reply\":\"hello\",\"candidates\":[\"a\",\"b\"],\"source\":\"demo\"}");

    private final String bootstrapServers;
    private final Topics topics;

    public ConversationFeed(String bootstrapServers, Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Publishes and waits until every example is acknowledged. */
    public void publish(List<ConversationExample> examples) {
        Map<String, Object> config = ProducerSettings.forPublishing(bootstrapServers, "metastream-feed");
        try (KafkaProducer<String, ConversationExample> producer = new KafkaProducer<>(config, new StringSerializer(),
                JsonSerde.conversationExample().serializer())) {
            ExamplePublisher publisher = new ExamplePublisher(producer, topics.conversations());
            examples.forEach(publisher::send);
            publisher.finish();
        }
    }

    /** Publishes {@link #BAD_RECORDS} as raw bytes; returns how many. */
    public int publishBadRecords() {
        Map<String, Object> config = ProducerSettings.forPublishing(bootstrapServers, "metastream-feed-bad");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String b : BAD_RECORDS) {
                producer.send(new ProducerRecord<>(topics.conversations(), null, b.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return BAD_RECORDS.size();
    }
}
