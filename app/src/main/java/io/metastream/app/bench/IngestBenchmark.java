package io.metastream.app.bench;

import io.metastream.app.publish.ProducerSettings;
import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.Topics;
import io.metastream.domain.serde.JsonSerde;
import io.metastream.ingest.IngestApp;
import io.metastream.ingest.IngestConfig;
import io.metastream.ingest.IngestTopology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ingest against the raw broker, in one run, on one in-JVM broker ({@link LocalBroker}): first Kafka's own
 * producer then consumer over N records (the raw rate), then the real {@link IngestTopology} (the code the
 * service runs, exactly-once) over the same N records, pre-loaded, for each stream-thread count and each
 * number of examples per persona. A measurement, never a test.
 */
public final class IngestBenchmark {
    private static final int PARTITIONS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** What to run. */
    public record Options(int records, List<Integer> threads, List<Integer> examplesPerPersona, int repeat) {
        public Options {
            if (records < 100 || repeat < 1 || threads.isEmpty() || examplesPerPersona.isEmpty()) {
                throw new IllegalArgumentException("need records >= 100, repeat >= 1, some threads and sizes");
            }
            threads = List.copyOf(threads);
            examplesPerPersona = List.copyOf(examplesPerPersona);
        }
    }

    /** The raw broker: produce all, then consume all (medians over the repeats). */
    public record Raw(double produceRecordsPerSecond, double consumeRecordsPerSecond, double recordsPerSecond) {
    }

    /** One ingest configuration (medians over the repeats). */
    public record Run(int threads, int examplesPerPersona, int personas, double recordsPerSecond, double ratioToRaw,
            double streamCpuMsPer1000, double processCpuMsPer1000, double changelogBytesPerInputByte,
            double outputBytesPerInputByte, long inputBytes) {
    }

    public record Result(int records, double recordBytes, int partitions, String loadBefore, String loadAfter,
            int processors, Raw raw, List<Run> runs) {
    }

    private IngestBenchmark() {
    }

    public static Result run(Options o, java.io.PrintWriter progress) throws Exception {
        String loadBefore = load();
        Path dir = Files.createTempDirectory("metastream-bench-ingest");
        try (LocalBroker broker = LocalBroker.start(BrokerConfig.builder().setDataDir(dir.resolve("broker")).build());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<List<ProducerRecord<byte[], byte[]>>> inputs = new ArrayList<>();
            for (int perPersona : o.examplesPerPersona()) {
                inputs.add(records(o.records(), perPersona));
            }
            double recordBytes = inputs.get(0).stream().mapToInt(r -> r.value().length).average().orElse(0);
            List<double[]> raws = new ArrayList<>();
            for (int i = 0; i < o.repeat(); i++) {
                raws.add(raw(broker, inputs.get(0), i));
                progress.printf("raw broker, repeat %d: %.0f records/s produce->consume%n", i + 1, raws.get(i)[2]);
                progress.flush();
            }
            Raw raw = new Raw(median(raws, 0), median(raws, 1), median(raws, 2));
            // one untimed run first, so the JIT has compiled the ingest path before anything is measured
            ingest(broker, admin, dir, inputs.get(0).subList(0, Math.min(inputs.get(0).size(), 20_000)),
                    o.threads().get(0), -1);
            progress.println("ingest warm-up done");
            progress.flush();
            List<Run> runs = new ArrayList<>();
            for (int threads : o.threads()) {
                for (int s = 0; s < o.examplesPerPersona().size(); s++) {
                    int perPersona = o.examplesPerPersona().get(s);
                    List<double[]> reps = new ArrayList<>();
                    for (int i = 0; i < o.repeat(); i++) {
                        double[] r = ingest(broker, admin, dir, inputs.get(s), threads, i);
                        reps.add(r);
                        progress.printf("ingest, %d thread(s), %d examples/persona, repeat %d: %.0f records/s%n",
                                threads, perPersona, i + 1, r[0]);
                        progress.flush();
                    }
                    double rate = median(reps, 0);
                    runs.add(new Run(threads, perPersona, Math.max(1, o.records() / perPersona), rate,
                            rate / raw.recordsPerSecond(), median(reps, 1), median(reps, 2), median(reps, 3),
                            median(reps, 4), (long) median(reps, 5)));
                }
            }
            return new Result(o.records(), recordBytes, PARTITIONS, loadBefore, load(),
                    Runtime.getRuntime().availableProcessors(), raw, runs);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** N records of about 670 bytes, round-robin over N / perPersona personas, keyed by persona id. */
    static List<ProducerRecord<byte[], byte[]>> records(int n, int perPersona) {
        int personas = Math.max(1, n / perPersona);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String persona = "bench-persona-" + (i % personas);
            int k = i / personas;
            ConversationExample e = new ConversationExample(ConversationExample.idFor(persona, Integer.toString(k)),
                    persona, persona + "/dialogue-" + (k % 10), k / 10,
                    List.of("hello there, how has your week been going so far? anything fun planned " + k,
                            "pretty good, i went hiking with my dog on saturday and it rained all day " + k,
                            "that sounds like an adventure. what kind of dog do you have, a big one? " + k),
                    "a golden retriever, she loves water more than anything, even the rain " + k, List.of(),
                    List.of("i have a golden retriever.", "i love hiking on weekends.", "i work as a nurse."),
                    "bench");
            out.add(new ProducerRecord<>("", persona.getBytes(StandardCharsets.UTF_8),
                    JsonSerde.conversationExample().toBytes(e)));
        }
        return out;
    }

    private static Map<String, Object> producerConfig(LocalBroker broker) {
        Map<String, Object> c = new HashMap<>(ProducerSettings.forPublishing(broker.bootstrapServers(), "bench"));
        // uncompressed, like the changelogs Streams writes, so bytes compare like with like
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return c;
    }

    /** Seconds to produce all {@code records} to {@code topic} (acks=all, idempotent). */
    private static double produce(LocalBroker broker, String topic, List<ProducerRecord<byte[], byte[]>> records) {
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerConfig(broker), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                p.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            p.flush();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double[] raw(LocalBroker broker, List<ProducerRecord<byte[], byte[]>> records, int repeat) {
        String topic = "bench-raw-" + repeat + "-" + System.nanoTime();
        broker.createTopic(topic, PARTITIONS, false);
        double produce = produce(broker, topic, records);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long t0 = System.nanoTime();
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (seen < records.size() && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        double consume = (System.nanoTime() - t0) / 1e9;
        int n = records.size();
        return new double[] {n / produce, n / consume, n / (produce + consume)};
    }

    /** {records/s, stream CPU ms per 1000, process CPU ms per 1000, changelog/input bytes, output/input, input}. */
    private static double[] ingest(LocalBroker broker, Admin admin, Path dir, List<ProducerRecord<byte[], byte[]>> records,
            int threads, int repeat) throws Exception {
        String name = "bench-" + threads + "t-" + (repeat < 0 ? "warmup" : repeat) + "-" + System.nanoTime();
        Topics topics = new Topics(name + ".");
        for (String t : topics.all()) {
            broker.createTopic(t, PARTITIONS, topics.compacted().contains(t));
        }
        produce(broker, topics.conversations(), records);
        Map<String, String> env = new HashMap<>();
        env.put(IngestConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        env.put(IngestConfig.APPLICATION_ID, name);
        env.put(IngestConfig.TOPIC_PREFIX, topics.prefix());
        env.put(IngestConfig.STATE_DIR, dir.resolve(name).toString());
        env.put(IngestConfig.STREAM_THREADS, Integer.toString(threads));
        env.put(IngestConfig.REPLICATION_FACTOR, "1");
        env.put(IngestConfig.METRICS_PORT, "0");
        IngestConfig config = IngestConfig.fromEnv(env);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = records.size();
        double seconds;
        long streamCpu;
        long processCpu;
        // the service itself: its topology, error handlers, thread replacement and meters
        try (IngestApp.Running app = IngestApp.start(config)) {
            var registry = app.registry();
            await(() -> registry.get("metastream.ingest.consumed").counter().count() > 0, "ingest starts consuming");
            long t0 = System.nanoTime();
            long cpu0 = streamThreadCpu(mx);
            long proc0 = os.getProcessCpuTime();
            await(() -> {
                if (app.failure().isPresent()) {
                    throw new IllegalStateException("ingest stopped: " + app.failure().get());
                }
                return accumulated(registry) >= n;
            }, "ingest folds every record");
            seconds = (System.nanoTime() - t0) / 1e9;
            streamCpu = streamThreadCpu(mx) - cpu0;
            processCpu = os.getProcessCpuTime() - proc0;
            // let the last emission and its commit happen before sizes are read
            Thread.sleep(config.emitInterval().toMillis() * 2 + 500);
        }
        Map<String, Long> sizes = topicSizes(admin, broker);
        long input = sizes.getOrDefault(topics.conversations(), 0L);
        long changelog = sum(sizes, t -> t.startsWith(name + "-") && t.endsWith("-changelog"));
        long output = sum(sizes, t -> t.equals(topics.personaTasks()) || t.equals(topics.heldOutTasks()));
        return new double[] {n / seconds, streamCpu / 1e6 / n * 1000, processCpu / 1e6 / n * 1000,
                (double) changelog / input, (double) output / input, input};
    }

    /** Records that reached the accumulator: added, duplicate or over capacity. */
    private static double accumulated(io.micrometer.core.instrument.MeterRegistry registry) {
        double dropped = registry.find("metastream.ingest.dropped").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        return registry.get("metastream.ingest.added").counter().count() + dropped;
    }

    private static long streamThreadCpu(ThreadMXBean mx) {
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, t);
            }
        }
        return total;
    }

    private static Map<String, Long> topicSizes(Admin admin, LocalBroker broker) throws Exception {
        var nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        Map<String, Long> sizes = new HashMap<>();
        var dirs = admin.describeLogDirs(nodes.stream().map(org.apache.kafka.common.Node::id).toList())
                .allDescriptions().get(30, TimeUnit.SECONDS);
        dirs.values().forEach(byDir -> byDir.values().forEach(d -> d.replicaInfos().forEach(
                (tp, info) -> sizes.merge(tp.topic(), info.size(), Long::sum))));
        return sizes;
    }

    private static long sum(Map<String, Long> sizes, Predicate<String> topic) {
        return sizes.entrySet().stream().filter(e -> topic.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code uptime}'s load averages (1, 5, 15 min) from /proc/loadavg, or "unknown". */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temp dir left behind is harmless
        }
    }
}
