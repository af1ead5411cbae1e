/**
 * Persona-conversation data sources: readers for ParlAI text, Hugging Face PersonaChat JSON and
 * Synthetic-Persona-Chat CSV, persona identity (dialogues sharing two or more normalised persona
 * sentences are one persona), seeded candidate sets, and a synthetic generator for machines without data.
 *
 * <p>Entry points: {@link io.metastream.domain.data.PersonaData#open} then
 * {@link io.metastream.domain.data.PersonaData#forEach} or {@link io.metastream.domain.data.PersonaData#stats};
 * {@link io.metastream.domain.data.SyntheticPersonas}. A {@code PersonaData} is not thread-safe: use one per
 * thread (each call re-reads the file).
 */
package io.metastream.domain.data;
