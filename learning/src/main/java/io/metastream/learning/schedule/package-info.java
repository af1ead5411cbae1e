/**
 * Step schedules shared by the linear suite and the neural trainers: learning rates
 * ({@link io.metastream.learning.schedule.LrSchedule}) and round-robin task interleaving
 * ({@link io.metastream.learning.schedule.RoundRobinSchedule}).
 */
package io.metastream.learning.schedule;
