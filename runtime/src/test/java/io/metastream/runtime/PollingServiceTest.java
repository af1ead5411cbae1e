package io.metastream.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PollingServiceTest {
    /** A loop that is ready, then dies on its second poll. */
    static class DyingLoop implements PollingService.Loop {
        int polls;

        @Override
        public void start() {
        }

        @Override
        public Object pollOnce(Duration maxWait) {
            if (++polls == 2) {
                throw new IllegalStateException("the broker fenced this producer");
            }
            return null;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aLoopThatDiesEndsTheServiceWithItsCauseAndIsNotReady() throws Exception {
        PollingService s = PollingService.start("test", new DyingLoop(), Metrics.newRegistry("test"), "127.0.0.1", 0,
                "restart it", () -> true);
        try {
            s.await(); // returns because the loop died, not because anyone closed the service
            assertThat(s.failure()).get().extracting(Throwable::getMessage)
                    .isEqualTo("the broker fenced this producer");
        } finally {
            s.close();
        }
    }

    @Test
    void notReadyWhileADependencyIsDown() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean kafka = new java.util.concurrent.atomic.AtomicBoolean(false);
        PollingService.Loop steady = new DyingLoop() {
            @Override
            public Object pollOnce(Duration maxWait) {
                return null;
            }
        };
        try (PollingService s = PollingService.start("test", steady, Metrics.newRegistry("test"), "127.0.0.1", 0,
                "restart it", kafka::get)) {
            assertThat(s.ready()).isFalse();
            kafka.set(true);
            assertThat(s.ready()).isTrue();
        }
    }
}
