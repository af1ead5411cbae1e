package io.metastream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.metastream.broker.DataDirs;
import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts a real {@link LocalBroker} for {@link WithKafka} test classes and resolves
 * {@link KafkaTestContext} parameters. A JVM-scoped broker lives in the root extension store and
 * stops when the test run ends; a class-scoped one stops after its class. Data dirs are temporary.
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        WithKafka settings = settings(context);
        ExtensionContext owner = settings.scope() == WithKafka.Scope.JVM ? context.getRoot() : context;
        owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> RunningBroker.start(), RunningBroker.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaTestContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the store is hierarchical: a class-scoped broker shadows the JVM-wide one
        RunningBroker running = context.getStore(NAMESPACE).get(KEY, RunningBroker.class);
        if (running == null) {
            throw new ParameterResolutionException("No Kafka broker is running for " + context.getDisplayName()
                    + "; annotate the test class with @WithKafka");
        }
        return new KafkaTestContext(running.broker(), settings(context).partitions());
    }

    private static WithKafka settings(ExtensionContext context) {
        // @Nested classes inherit the extension but not necessarily the annotation: look outwards
        for (var c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            var found = AnnotationSupport.findAnnotation(c, WithKafka.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return Defaults.class.getAnnotation(WithKafka.class);
    }

    /** Carries the defaults of {@link WithKafka} for classes that register the extension directly. */
    @WithKafka
    private static final class Defaults {
    }

    /** Store value: closed by JUnit when its scope ends. */
    private record RunningBroker(LocalBroker broker, Path dataDir) implements AutoCloseable {

        static RunningBroker start() {
            try {
                Path dir = Files.createTempDirectory("metastream-test-kafka-");
                return new RunningBroker(LocalBroker.start(BrokerConfig.of(dir)), dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary Kafka data dir", e);
            }
        }

        @Override
        public void close() throws IOException {
            broker.close();
            DataDirs.delete(dataDir);
        }
    }
}
