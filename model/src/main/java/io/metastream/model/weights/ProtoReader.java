package io.metastream.model.weights;

import java.nio.ByteBuffer;

/**
 * A minimal protobuf wire-format cursor over a byte buffer: varints, fixed 32/64 and
 * length-delimited fields. Enough to walk ONNX files without generated classes.
 */
final class ProtoReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final ByteBuffer buf;
  private final int end;
  private int pos;
  private int field;
  private int wireType;

  ProtoReader(ByteBuffer buf, int start, int end) {
    if (start < 0 || end > buf.limit() || start > end) {
      throw new IllegalArgumentException("protobuf range [" + start + ", " + end + ") out of bounds");
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Advances to the next field; false at the end of this message. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long key = varint();
    field = (int) (key >>> 3);
    wireType = (int) (key & 7);
    return true;
  }

  int field() {
    return field;
  }

  int wireType() {
    return wireType;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      check(1);
      byte b = buf.get(pos++);
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalStateException("malformed varint at byte " + pos + " (file corrupt?)");
  }

  /** Reads a length-delimited field and returns a reader over its bytes. */
  ProtoReader message() {
    int[] range = bytesRange();
    return new ProtoReader(buf, range[0], range[1]);
  }

  /** [start, end) of a length-delimited field's payload; advances past it. */
  int[] bytesRange() {
    long len = varint();
    if (len < 0 || len > end - pos) {
      throw new IllegalStateException("length " + len + " at byte " + pos
          + " runs past the enclosing message (file truncated or corrupt?)");
    }
    int start = pos;
    pos += (int) len;
    return new int[] {start, pos};
  }

  String string() {
    int[] r = bytesRange();
    byte[] bytes = new byte[r[1] - r[0]];
    buf.get(r[0], bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Skips the current field's value. */
  void skip() {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> bytesRange();
      case FIXED32 -> advance(4);
      default -> throw new IllegalStateException(
          "unsupported protobuf wire type " + wireType + " at byte " + pos + " (file corrupt?)");
    }
  }

  boolean hasMore() {
    return pos < end;
  }

  float fixed32() {
    check(4);
    int bits = (buf.get(pos) & 0xff) | (buf.get(pos + 1) & 0xff) << 8
        | (buf.get(pos + 2) & 0xff) << 16 | (buf.get(pos + 3) & 0xff) << 24;
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  ByteBuffer buffer() {
    return buf;
  }

  private void advance(int n) {
    check(n);
    pos += n;
  }

  private void check(int n) {
    if (pos + n > end) {
      throw new IllegalStateException("unexpected end of protobuf message at byte " + pos);
    }
  }
}
