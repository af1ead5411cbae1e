package io.metastream.domain;

/** Which side of the persona split a task is on. Held-out personas never reach the trainer. */
public enum Split {
    TRAIN,
    HELD_OUT
}
