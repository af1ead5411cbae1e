package io.metastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.metastream.model.bench.BenchResult;
import io.metastream.model.bench.FlopCount;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraConfig;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BenchAccountingTest {

  @Test
  void countsSixTimesLinearWeightsPerTokenPlusAttentionForATrainableBase() {
    EncoderConfig c = new EncoderConfig(Variant.BERT, 100, 4, 1, 2, 8, 16, 2, 1e-12f, 0, 0f, 0f);
    // P = 4*16 + 2*4*8 = 128 weights; attention 12 * S(=10) * H(=4) = 480 per token
    assertThat(FlopCount.trainingStep(c, null, true, 10, 10)).isEqualTo((6 * 128 + 480) * 10.0);
    assertThat(FlopCount.trainingStep(c, null, false, 10, 10)).isEqualTo((4 * 128 + 480) * 10.0);
    LoraConfig q = new LoraConfig(2, 16f, 0f, EnumSet.of(LinearTarget.QUERY));
    assertThat(FlopCount.trainingStep(c, q, false, 1, 10) - FlopCount.trainingStep(c, null, false,
        1, 10)).isEqualTo(6.0 * 2 * (4 + 4));
  }

  @Test
  void jsonCarriesTheHeadlineKeys() {
    var t = new BenchResult.Throughput(2048, 2.0, 3.9, 1024, 5e10, 0.5);
    String json = new BenchResult(1e11, t, t, 3.5, 8, 2048, "PyTorch 2.7.1", 2).toJson();
    assertThat(json).contains("\"peak_flops\": 1.0000e+11").contains("\"mfu\": 0.5000")
        .contains("\"tokens_per_s\": 1024.0").contains("\"bank_speedup\": 3.500");
    var parsed = ai.djl.util.JsonUtils.GSON.fromJson(json, com.google.gson.JsonObject.class);
    assertThat(parsed.get("bank_speedup").getAsDouble()).isCloseTo(3.5, offset(1e-9));
  }

  @Test
  void cpuUtilisationIsFlopsPerCpuSecondOverThePeakPerCpuSecond() {
    // 5e10 FLOP/s for 2 s = 1e11 FLOPs per step in 4 CPU seconds: 2.5e10 per CPU second
    var t = new BenchResult.Throughput(2048, 2.0, 4.0, 1024, 5e10, 0.5);
    assertThat(t.mfuCpu(5e10)).isCloseTo(0.5, offset(1e-12));
    assertThat(t.mfuCpu(-1)).isEqualTo(-1);
    String json = new BenchResult(1e11, t, t, 3.5, 8, 2048, "PyTorch 2.7.1", 2, 5e10).toJson();
    var parsed = ai.djl.util.JsonUtils.GSON.fromJson(json, com.google.gson.JsonObject.class);
    assertThat(parsed.get("mfu_cpu").getAsDouble()).isCloseTo(0.5, offset(1e-9));
    assertThat(parsed.get("peak_flops_per_cpu_s").getAsDouble()).isCloseTo(5e10, offset(1.0));
    assertThat(parsed.get("threads").getAsInt()).isEqualTo(2);
  }

  @Test
  void benchmarkOptionsRefuseNegativeThreadsAndDefaultToAllProcessors() {
    var d = io.metastream.model.bench.ModelBenchmark.Options.defaults();
    assertThat(d.threads()).isZero();
    assertThat(d.withThreads(1).threads()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withThreads(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
  }
}
