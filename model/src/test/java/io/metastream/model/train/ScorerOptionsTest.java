package io.metastream.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerOptionsTest {

  @Test
  void defaultsAreMeanPooledCosineTimesTwentyWithoutABiHead() {
    FlatOptions o = new FlatOptions(Map.of());
    ScorerOptions s = ScorerOptions.read(o);
    o.check("scorer");
    assertThat(s).isEqualTo(ScorerOptions.defaults(ScorerOptions.Kind.BI));
    assertThat(s.pooling()).isEqualTo(ScorerOptions.Pooling.MEAN);
    assertThat(s.similarity()).isEqualTo(ScorerOptions.Similarity.COSINE);
    assertThat(s.biScale()).isEqualTo(20f);
    assertThat(s.biHead()).isEqualTo(ScorerOptions.BiHead.NONE);
    assertThat(s.crossPooling()).isEqualTo(ScorerOptions.Pooling.MEAN);
    assertThat(s.scorer()).isInstanceOf(BiEncoderScorer.class);
    assertThat(s.scorer().needsHead()).isFalse();
  }

  @Test
  void everyOptionIsReadByName() {
    FlatOptions o = new FlatOptions(Map.of("scorer", "cross", "pooling", "cls", "bi_similarity", "dot",
        "bi_scale", "1", "bi_head", "vector", "cross_pooling", "cls", "in_batch_negatives", "true"));
    ScorerOptions s = ScorerOptions.read(o);
    o.check("scorer");
    assertThat(s).isEqualTo(new ScorerOptions(ScorerOptions.Kind.CROSS, ScorerOptions.Pooling.CLS,
        ScorerOptions.Similarity.DOT, 1f, ScorerOptions.BiHead.VECTOR, ScorerOptions.Pooling.CLS,
        true));
    assertThat(s.scorer()).isInstanceOf(CrossEncoderScorer.class);
    assertThat(s.scorer().headClasses()).isEqualTo(2);
  }

  @Test
  void badValuesAreReportedTogetherNamingEachOption() {
    FlatOptions o = new FlatOptions(Map.of("bi_head", "matrix", "pooling", "max", "bi_scale", "-1"));
    ScorerOptions.read(o);
    assertThatThrownBy(() -> o.check("scorer")).hasMessageContaining("bi_head=matrix")
        .hasMessageContaining("pooling=max").hasMessageContaining("bi_scale=-1");
  }
}
