package io.metastream.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real in-process Kafka broker and injects a
 * {@link KafkaTestContext} into test methods, constructors and lifecycle methods.
 *
 * <pre>{@code
 * @WithKafka
 * class PublishIT {
 *     @Test
 *     void roundTrips(KafkaTestContext kafka) {
 *         String topic = kafka.uniqueTopic("conversations");
 *         ...
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaExtension.class)
public @interface WithKafka {

    /** Whether test classes share one broker per JVM (fast, the default) or get their own. */
    Scope scope() default Scope.JVM;

    /** Partitions of topics created by {@link KafkaTestContext#uniqueTopic(String)}. */
    int partitions() default 3;

    enum Scope {
        /** One broker for every {@code JVM}-scoped class of the test run; topics keep tests apart. */
        JVM,
        /** A fresh broker for this class, stopped after its last test (for tests that restart or break it). */
        CLASS
    }
}
