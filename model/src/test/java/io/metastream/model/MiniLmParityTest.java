package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.Pooling;
import io.metastream.model.encoder.Scope;
import io.metastream.model.text.Encoded;
import io.metastream.model.text.PairTokenizer;
import io.metastream.model.text.TokenBatch;
import io.metastream.model.weights.MiniLm;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniLmParityTest {

  @Test
  void meanPooledEmbeddingsMatchOnnxRuntimeOnRealSentences() throws Exception {
    List<String> sentences = SharedData.sentences(24);
    assertThat(sentences).hasSize(24);
    TokenBatch batch;
    try (PairTokenizer tok = PairTokenizer.miniLm()) {
      List<Encoded> enc = new ArrayList<>();
      for (String s : sentences) {
        enc.add(tok.encode(s, 128));
      }
      batch = TokenBatch.pad(enc, tok.padId());
    }
    float[][] ours = djl(batch);
    float[][] reference = onnxRuntime(batch);
    double maxDiff = 0;
    for (int i = 0; i < ours.length; i++) {
      for (int j = 0; j < ours[i].length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[i][j] - reference[i][j]));
      }
    }
    System.out.println("MiniLM parity max abs diff over " + ours.length + " sentences: " + maxDiff);
    assertThat(ours[0]).hasSize(384);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
  }

  private static float[][] djl(TokenBatch batch) throws Exception {
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = MiniLm.load(root, EncoderConfig.miniLm().withDropout(0f, 0f));
      try (Scope scope = Scope.open(root, enc.arrays().values())) {
        NDList in = batch.toNDList(scope.manager());
        NDArray hidden = enc.forward(in.get(0), in.get(1), in.get(2), null, false);
        float[] flat = Pooling.mean(hidden, in.get(1)).toFloatArray();
        return rows(flat, batch.rows());
      }
    }
  }

  private static float[][] onnxRuntime(TokenBatch batch) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in = MiniLm.resource(MiniLm.ONNX_RESOURCE)) {
      model = in.readAllBytes();
    }
    long[] shape = {batch.rows(), batch.length()};
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor ids = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.ids()), shape);
        OnnxTensor mask = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.mask()), shape);
        OnnxTensor types = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(batch.types()), shape);
        OrtSession.Result result = session.run(
            Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      float[][][] hidden = (float[][][]) result.get(0).getValue();
      float[][] pooled = new float[batch.rows()][hidden[0][0].length];
      for (int i = 0; i < batch.rows(); i++) {
        int count = 0;
        for (int t = 0; t < batch.length(); t++) {
          if (batch.mask()[i * batch.length() + t] == 1) {
            count++;
            for (int j = 0; j < pooled[i].length; j++) {
              pooled[i][j] += hidden[i][t][j];
            }
          }
        }
        for (int j = 0; j < pooled[i].length; j++) {
          pooled[i][j] /= count;
        }
      }
      return pooled;
    }
  }

  private static float[][] rows(float[] flat, int n) {
    int h = flat.length / n;
    float[][] out = new float[n][h];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * h, out[i], 0, h);
    }
    return out;
  }
}
