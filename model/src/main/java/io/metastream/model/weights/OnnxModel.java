package io.metastream.model.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX file we need: float32 initializers and the graph's nodes (op type, inputs,
 * outputs, name). Parsed with our own protobuf wire reader.
 *
 * @param initializers float32 tensors by name
 * @param nodes graph nodes in file order
 */
public record OnnxModel(Map<String, Tensor> initializers, List<Node> nodes) {

  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int FLOAT = 1;

  public OnnxModel {
    initializers = Map.copyOf(initializers);
    nodes = List.copyOf(nodes);
  }

  /** A float32 tensor: row-major values with their dims. */
  public record Tensor(String name, long[] dims, float[] values) {
    public Tensor {
      long count = 1;
      for (long d : dims) {
        count *= d;
      }
      if (count != values.length) {
        throw new IllegalArgumentException("tensor '" + name + "' has " + values.length
            + " values for dims " + java.util.Arrays.toString(dims));
      }
      dims = dims.clone();
    }
  }

  /** A graph node. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    public Node {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
    }
  }

  /** Reads a whole ONNX model from a stream (e.g. a classpath resource). */
  public static OnnxModel read(InputStream in, String origin) throws IOException {
    byte[] bytes = in.readAllBytes();
    try {
      return parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    } catch (RuntimeException e) {
      throw new IOException("cannot parse ONNX file " + origin + ": " + e.getMessage(), e);
    }
  }

  static OnnxModel parse(ByteBuffer buf) {
    ProtoReader model = new ProtoReader(buf, 0, buf.limit());
    Map<String, Tensor> inits = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    boolean sawGraph = false;
    while (model.next()) {
      if (model.field() != MODEL_GRAPH || model.wireType() != ProtoReader.LENGTH_DELIMITED) {
        model.skip();
        continue;
      }
      sawGraph = true;
      ProtoReader graph = model.message();
      while (graph.next()) {
        if (graph.field() == GRAPH_NODE && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
          nodes.add(node(graph.message()));
        } else if (graph.field() == GRAPH_INITIALIZER
            && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
          Tensor t = tensor(graph.message());
          if (t != null) {
            inits.put(t.name(), t);
          }
        } else {
          graph.skip();
        }
      }
    }
    if (!sawGraph) {
      throw new IllegalStateException("no graph (field 7) found; is this an ONNX ModelProto?");
    }
    return new OnnxModel(inits, nodes);
  }

  private static Node node(ProtoReader r) {
    String name = "";
    String op = "";
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case NODE_INPUT -> in.add(r.string());
        case NODE_OUTPUT -> out.add(r.string());
        case NODE_NAME -> name = r.string();
        case NODE_OP_TYPE -> op = r.string();
        default -> r.skip();
      }
    }
    return new Node(name, op, in, out);
  }

  /** Returns null for non-float tensors (e.g. int64 position ids), which we do not need. */
  private static Tensor tensor(ProtoReader r) {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    int[] raw = null;
    List<Float> floats = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case TENSOR_DIMS -> packedOrSingle(r, dims);
        case TENSOR_DATA_TYPE -> dataType = (int) r.varint();
        case TENSOR_NAME -> name = r.string();
        case TENSOR_RAW_DATA -> raw = r.bytesRange();
        case TENSOR_FLOAT_DATA -> packedFloats(r, floats);
        default -> r.skip();
      }
    }
    if (dataType != FLOAT) {
      return null;
    }
    long[] d = dims.stream().mapToLong(Long::longValue).toArray();
    float[] values;
    if (raw != null) {
      values = new float[(raw[1] - raw[0]) / Float.BYTES];
      ByteBuffer slice = r.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
      slice.position(raw[0]).limit(raw[1]);
      slice.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    } else {
      values = new float[floats.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = floats.get(i);
      }
    }
    return new Tensor(name, d, values);
  }

  private static void packedOrSingle(ProtoReader r, List<Long> out) {
    if (r.wireType() == ProtoReader.VARINT) {
      out.add(r.varint());
      return;
    }
    ProtoReader packed = r.message();
    while (packed.hasMore()) {
      out.add(packed.varint());
    }
  }

  private static void packedFloats(ProtoReader r, List<Float> out) {
    if (r.wireType() == ProtoReader.FIXED32) {
      out.add(r.fixed32());
      return;
    }
    ProtoReader packed = r.message();
    while (packed.hasMore()) {
      out.add(packed.fixed32());
    }
  }
}
