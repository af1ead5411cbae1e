/** Persona tasks from data files: grouping, support/query split, largest personas, disjointness. */
package io.metastream.learning.tasks;
