package io.metastream.ingest;

import io.metastream.domain.OffsetRange;
import io.metastream.domain.Split;
import io.metastream.domain.serde.Utf8;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The binary layout of ingest's two stores, and {@link TaskAccumulator.Entries} over them.
 * <ul>
 *   <li>heads: persona id (UTF-8) → {@link TaskHead} (a few dozen bytes);
 *   <li>entries: persona id (UTF-8), 0x00, rank (8 bytes, big-endian), example id (UTF-8) → dialogue id,
 *       partition, offset, example JSON. Identifiers never contain NUL, so the bytes of one persona form
 *       one contiguous range of the store's byte order, sorted by {@link EntryKey}.
 * </ul>
 */
final class TaskStores {
    private TaskStores() {
    }

    static Serde<TaskHead> headSerde() {
        return Serdes.serdeFrom((topic, h) -> h == null ? null : encodeHead(h), (topic, b) -> b == null ? null : decodeHead(b));
    }

    static byte[] encodeHead(TaskHead h) {
        byte[] cutoffId = h.cutoff() == null ? new byte[0] : Utf8.encode(h.cutoff().exampleId());
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 1 + 4 + 8 + 1 + 8 + 4 + cutoffId.length);
        b.put((byte) 1).put((byte) h.split().ordinal()).putLong(h.nextRevision()).put((byte) (h.dirty() ? 1 : 0))
                .putInt(h.count()).putLong(h.bytes());
        if (h.cutoff() == null) {
            b.put((byte) 0).putLong(0).putInt(0);
        } else {
            b.put((byte) 1).putLong(h.cutoff().rank()).putInt(cutoffId.length).put(cutoffId);
        }
        return b.array();
    }

    static TaskHead decodeHead(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != 1) {
            throw new IllegalStateException("unknown task head format " + bytes[0]);
        }
        Split split = Split.values()[b.get()];
        long revision = b.getLong();
        boolean dirty = b.get() == 1;
        int count = b.getInt();
        long size = b.getLong();
        boolean hasCutoff = b.get() == 1;
        long rank = b.getLong();
        String id = Utf8.decode(SourcedExample.take(b, b.getInt()));
        return new TaskHead(split, revision, dirty, count, size, hasCutoff ? new EntryKey(rank, id) : null);
    }

    static Bytes entryKey(byte[] persona, EntryKey key) {
        byte[] id = Utf8.encode(key.exampleId());
        return Bytes.wrap(ByteBuffer.allocate(persona.length + 1 + 8 + id.length).put(persona).put((byte) 0)
                .putLong(key.rank()).put(id).array());
    }

    static byte[] entryValue(TaskEntry e) {
        byte[] dialogue = Utf8.encode(e.dialogueId());
        return ByteBuffer.allocate(4 + dialogue.length + 4 + 8 + e.json().length).putInt(dialogue.length).put(dialogue)
                .putInt(e.source().partition()).putLong(e.source().fromInclusive()).put(e.json()).array();
    }

    static TaskEntry entry(int personaLength, String sourceTopic, Bytes key, byte[] value) {
        ByteBuffer k = ByteBuffer.wrap(key.get());
        k.position(personaLength + 1);
        long rank = k.getLong();
        String id = Utf8.decode(SourcedExample.take(k, k.remaining()));
        ByteBuffer v = ByteBuffer.wrap(value);
        String dialogue = Utf8.decode(SourcedExample.take(v, v.getInt()));
        int partition = v.getInt();
        long offset = v.getLong();
        return new TaskEntry(new EntryKey(rank, id), dialogue, new OffsetRange(sourceTopic, partition, offset, offset + 1),
                SourcedExample.take(v, v.remaining()));
    }

    /** One persona's entries in the store; {@link #close()} closes the iterators a fold opened. */
    static final class PersonaEntries implements TaskAccumulator.Entries, AutoCloseable {
        private final KeyValueStore<Bytes, byte[]> store;
        private final byte[] persona;
        private final String sourceTopic;
        private final List<KeyValueIterator<Bytes, byte[]>> open = new ArrayList<>(1);

        PersonaEntries(KeyValueStore<Bytes, byte[]> store, String personaId, String sourceTopic) {
            this.store = store;
            this.persona = Utf8.encode(personaId);
            this.sourceTopic = sourceTopic;
        }

        @Override
        public boolean contains(EntryKey key) {
            return store.get(entryKey(persona, key)) != null;
        }

        @Override
        public void put(TaskEntry entry) {
            store.put(entryKey(persona, entry.key()), entryValue(entry));
        }

        @Override
        public void delete(EntryKey key) {
            store.delete(entryKey(persona, key));
        }

        @Override
        public Iterator<TaskEntry> descending() {
            return track(store.reverseRange(from(), to()));
        }

        @Override
        public Iterator<TaskEntry> ascending() {
            return track(store.range(from(), to()));
        }

        private Bytes from() {
            return Bytes.wrap(ByteBuffer.allocate(persona.length + 1).put(persona).put((byte) 0).array());
        }

        // Inclusive bound just above every key of this persona (the byte after the 0x00 separator).
        private Bytes to() {
            return Bytes.wrap(ByteBuffer.allocate(persona.length + 1).put(persona).put((byte) 1).array());
        }

        private Iterator<TaskEntry> track(KeyValueIterator<Bytes, byte[]> it) {
            open.add(it);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public TaskEntry next() {
                    KeyValue<Bytes, byte[]> kv = it.next();
                    return entry(persona.length, sourceTopic, kv.key, kv.value);
                }
            };
        }

        @Override
        public void close() {
            open.forEach(KeyValueIterator::close);
            open.clear();
        }
    }
}
