/**
 * The trainer service: consumes TRAIN persona tasks, runs a meta-update round every N new tasks or T minutes
 * through a {@link io.metastream.learning.api.Retrainer}, publishes the new base to the artifact store and a
 * {@link io.metastream.domain.Checkpoint} event with its lineage, exactly once.
 *
 * <p>Pure cores: {@link io.metastream.trainer.TaskPool}, {@link io.metastream.trainer.RoundSchedule},
 * {@link io.metastream.trainer.ConsumedOffsets}, {@link io.metastream.trainer.Versions}. Kafka-facing:
 * {@link io.metastream.trainer.TrainerLoop}. Shell: {@link io.metastream.trainer.TrainerApp}.
 */
package io.metastream.trainer;
