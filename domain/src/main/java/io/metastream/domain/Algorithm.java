package io.metastream.domain;

/** Retraining algorithms of the paper (arXiv 2410.22264) and its baselines. */
public enum Algorithm {
    /** LoRA meta-learning: per-task adapters and heads trained jointly with the base (the paper's method). */
    LORA_ML,
    /** Standard retraining: the pooled tasks with one shared head. */
    SR,
    /** Reptile: full-model inner loop per task, outer step toward the adapted weights. */
    REPTILE,
    /** Meta-learning of per-task heads only. */
    LAST_LAYER_ML,
    /** The pretrained base as is. */
    NONE
}
