/**
 * Round-robin task interleaving shared by the linear suite and the neural trainers
 * ({@link io.metastream.learning.schedule.RoundRobinSchedule}); the learning-rate schedule is
 * {@code io.metastream.model.train.LrSchedule}.
 */
package io.metastream.learning.schedule;
