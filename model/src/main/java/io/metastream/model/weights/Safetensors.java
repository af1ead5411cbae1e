package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors file format, read and written here rather than through DJL's
 * {@code NDList.encode}, which writes no {@code __metadata__} block: Transformers 4.41-4.46 fail
 * on a file without {@code "format": "pt"}. Layout: an 8-byte little-endian header length N, N
 * bytes of UTF-8 JSON mapping each tensor name to {@code dtype}, {@code shape} and
 * {@code data_offsets} (begin/end relative to the data section) plus an optional
 * {@code __metadata__} object of strings, then the raw little-endian row-major data.
 *
 * <p>Writes float32 only, tensors in name order and the header padded with spaces to a multiple
 * of 8 bytes (aligned data), so equal tensors give byte-identical files. Reads F32, F16 and BF16
 * (as float32) and skips tensors of other types (e.g. an int64 {@code position_ids} buffer of old
 * BERT checkpoints). Refuses non-finite weights: a NaN or infinity in a checkpoint is corruption
 * or a diverged run, never something to load.
 */
public final class Safetensors {

  /** What every file we write says in {@code __metadata__}. */
  public static final Map<String, String> PT = Map.of("format", "pt");
  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** Writes {@code tensors} (float32, in name order) with {@code metadata} to {@code file}. */
  public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, float[]> data = new TreeMap<>();
    Map<String, long[]> shapes = new TreeMap<>();
    tensors.forEach((name, a) -> {
      data.put(name, a.toType(DataType.FLOAT32, false).toFloatArray());
      shapes.put(name, a.getShape().getShape());
    });
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(METADATA, new TreeMap<>(metadata));
    long offset = 0;
    for (var e : data.entrySet()) {
      long end = offset + 4L * e.getValue().length;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", "F32");
      entry.put("shape", shapes.get(e.getKey()));
      entry.put("data_offsets", new long[] {offset, end});
      header.put(e.getKey(), entry);
      offset = end;
    }
    byte[] json = Json.mapper().writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(json, padded);
    Arrays.fill(head, json.length, padded, (byte) ' ');
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(head);
      for (float[] values : data.values()) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
      }
    }
  }

  /** The {@code __metadata__} of {@code file} (empty if it has none). */
  public static Map<String, String> metadata(Path file) throws IOException {
    Map<String, String> out = new TreeMap<>();
    JsonNode meta = header(Files.readAllBytes(file), file).path(METADATA);
    meta.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Reads every floating-point tensor of {@code file} into {@code manager}, named by its key. */
  public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode header = header(bytes, file);
    long dataStart = 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Map<String, NDArray> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      var e = it.next();
      if (METADATA.equals(e.getKey())) {
        continue;
      }
      String name = e.getKey();
      JsonNode t = e.getValue();
      String dtype = t.path("dtype").asText("");
      int width = switch (dtype) {
        case "F32" -> 4;
        case "F16", "BF16" -> 2;
        default -> 0;
      };
      if (width == 0) {
        continue;
      }
      long[] dims = new long[t.path("shape").size()];
      long count = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = t.path("shape").get(i).asLong(-1);
        if (dims[i] < 0) {
          throw new IOException(file + ": tensor '" + name + "' has a negative dimension");
        }
        count = Math.multiplyExact(count, dims[i]);
      }
      JsonNode off = t.path("data_offsets");
      long begin = off.path(0).asLong(-1);
      long end = off.path(1).asLong(-1);
      if (begin < 0 || end - begin != count * width || dataStart + end > bytes.length) {
        throw new IOException(file + ": tensor '" + name + "' has data offsets " + off
            + " that do not fit its " + dtype + " shape " + Arrays.toString(dims)
            + " or the file (truncated?)");
      }
      float[] values = decode(bytes, (int) (dataStart + begin), (int) count, dtype);
      for (float v : values) {
        if (!Float.isFinite(v)) {
          throw new IOException(file + ": tensor '" + name + "' holds a non-finite value (" + v
              + "); refusing to load corrupt or diverged weights");
        }
      }
      NDArray a = manager.create(values, new Shape(dims));
      a.setName(name);
      out.put(name, a);
    }
    return out;
  }

  private static JsonNode header(byte[] bytes, Path file) throws IOException {
    if (bytes.length < 8) {
      throw new IOException(file + " is not a safetensors file: shorter than its 8-byte header "
          + "length");
    }
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER || 8 + n > bytes.length) {
      throw new IOException(file + " is not a safetensors file (corrupt or truncated?): header "
          + "length " + n + " for a file of " + bytes.length + " bytes");
    }
    JsonNode header;
    try {
      header = Json.mapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(file + " is not a safetensors file: its header is not JSON ("
          + e.getMessage() + ")", e);
    }
    if (header == null || !header.isObject()) {
      throw new IOException(file + " is not a safetensors file: its header is not a JSON object");
    }
    return header;
  }

  private static float[] decode(byte[] bytes, int start, int count, String dtype) {
    ByteBuffer b = ByteBuffer.wrap(bytes, start, count * (dtype.equals("F32") ? 4 : 2))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = switch (dtype) {
        case "F32" -> b.getFloat();
        case "BF16" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
        default -> halfToFloat(b.getShort());
      };
    }
    return v;
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Names of {@code file}'s tensors (any dtype), in header order. */
  public static List<String> names(Path file) throws IOException {
    JsonNode header = header(Files.readAllBytes(file), file);
    List<String> out = new java.util.ArrayList<>();
    header.fieldNames().forEachRemaining(n -> {
      if (!METADATA.equals(n)) {
        out.add(n);
      }
    });
    return out;
  }
}
