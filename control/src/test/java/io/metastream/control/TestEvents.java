package io.metastream.control;

/** Public test helper for tests in other packages: seeds a controller with events. */
public final class TestEvents {
    private TestEvents() {
    }

    /** v1 with a passing evaluation (hits@1 0.3), v2 with a failing one (0.2). */
    public static Controller twoVersions(Controller c) {
        c.onCheckpoint(Fixtures.checkpoint("v1"));
        c.onEvaluation(Fixtures.evaluation("v1", 0.3, true));
        c.onCheckpoint(Fixtures.checkpoint("v2", 5));
        c.onEvaluation(Fixtures.evaluation("v2", 0.2, false));
        return c;
    }
}
