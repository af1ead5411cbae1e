package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.Scope;
import io.metastream.model.text.Encoded;
import io.metastream.model.text.TokenBatch;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class EncoderTest {

  @ParameterizedTest
  @EnumSource(Variant.class)
  void outputsOneHiddenVectorPerToken(Variant variant) {
    EncoderConfig config = EncoderConfig.tiny(variant);
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(config, root);
      TokenBatch batch = Tiny.batch(3, 9, config.vocabSize(), config.padTokenId(), 1);
      try (Scope s = Scope.open(root, enc.arrays().values())) {
        NDList in = batch.toNDList(s.manager());
        NDArray h = enc.forward(in.get(0), in.get(1), in.get(2), null, false);
        assertThat(h.getShape()).isEqualTo(new Shape(3, batch.length(), 32));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Variant.class)
  void paddingDoesNotChangeTheRealTokensStates(Variant variant) {
    // exercises the attention mask and, for RoBERTa, position ids that skip padding
    EncoderConfig config = EncoderConfig.tiny(variant);
    long pad = config.padTokenId();
    long[] ids = {5, 17, 42, 8, 99};
    TokenBatch alone = TokenBatch.pad(List.of(new Encoded(ids, new long[5])), pad);
    TokenBatch padded = TokenBatch.pad(List.of(new Encoded(ids, new long[5]),
        new Encoded(new long[] {5, 6, 7, 8, 9, 10, 11, 12}, new long[8])), pad);
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(config, root);
      float[] a = hidden(enc, alone, root, "0, :, :");
      float[] b = hidden(enc, padded, root, "0, :5, :");
      assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void robertaPositionsStartAfterThePaddingId() {
    // RoBERTa embeds position padding_idx + 1 for the first token: changing that row must matter
    // and changing row 0 (BERT's first position) must not
    EncoderConfig config = EncoderConfig.tiny(Variant.ROBERTA);
    TokenBatch one = TokenBatch.pad(List.of(new Encoded(new long[] {5, 6}, new long[2])), 1);
    try (NDManager root = NDManager.newBaseManager()) {
      Encoder enc = Encoder.random(config, root);
      float[] before = hidden(enc, one, root, "...");
      NDArray table = enc.array("embeddings.position_embeddings.weight");
      table.set(new ai.djl.ndarray.index.NDIndex("0"), 3f);
      assertThat(hidden(enc, one, root, "...")).containsExactly(before);
      table.set(new ai.djl.ndarray.index.NDIndex("2"), 3f);
      assertThat(hidden(enc, one, root, "...")).isNotEqualTo(before);
    }
  }

  @Test
  void rejectsHiddenSizeNotDivisibleByHeads() {
    assertThatThrownBy(() -> new EncoderConfig(Variant.BERT, 100, 30, 1, 4, 8, 16, 2, 1e-12f, 0,
        0f, 0f)).hasMessageContaining("multiple of numHeads");
  }

  static float[] hidden(Encoder enc, TokenBatch batch, NDManager root, String index) {
    try (Scope s = Scope.open(root, enc.arrays().values())) {
      NDList in = batch.toNDList(s.manager());
      return enc.forward(in.get(0), in.get(1), in.get(2), null, false).get(index).toFloatArray();
    }
  }
}
