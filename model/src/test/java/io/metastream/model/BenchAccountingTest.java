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

  private static BenchResult result(BenchResult.Throughput t, double cpuPeak) {
    return new BenchResult(1e11, cpuPeak, 2, "PyTorch 2.7.1", "cpu()", t, t, 0,
        new BenchResult.Bank(3.5, 8, 8, 7.0, t), new BenchResult.Score(40, 20, 32, t),
        java.util.Map.of("optimizer_share", 0.1), "1.00 0.50 0.20", "1.10 0.60 0.30");
  }

  @Test
  void jsonCarriesEveryStepWithItsMfuAndTheLoad() throws Exception {
    var t = new BenchResult.Throughput(2048, 2.0, 3.9, 1024, 5e10, 0.5);
    var parsed = io.metastream.domain.serde.Json.mapper().readTree(result(t, 5e10).toJson());
    for (String step : new String[] {"retrain_step", "fewshot_step", "fewshot_bank_speedup",
        "score_throughput"}) {
      assertThat(parsed.get(step).get("mfu").asDouble()).as(step)
          .isCloseTo(0.5, offset(1e-9));
      assertThat(parsed.get(step).get("seconds_per_step").asDouble()).isEqualTo(2.0);
      assertThat(parsed.get(step).get("cpu_seconds_per_step").asDouble())
          .isEqualTo(3.9);
    }
    assertThat(parsed.get("fewshot_bank_speedup").get("speedup").asDouble())
        .isCloseTo(3.5, offset(1e-9));
    assertThat(parsed.get("score_throughput").get("queries_per_s").asDouble())
        .isEqualTo(40.0);
    assertThat(parsed.get("peak_flops").asDouble()).isCloseTo(1e11, offset(1.0));
    assertThat(parsed.get("load_before").asText()).isEqualTo("1.00 0.50 0.20");
    assertThat(parsed.get("load_after").asText()).isEqualTo("1.10 0.60 0.30");
    assertThat(parsed.get("fewshot_step").get("base_arrays_with_gradient").asInt())
        .isZero();
  }

  @Test
  void cpuUtilisationIsFlopsPerCpuSecondOverThePeakPerCpuSecond() throws Exception {
    // 5e10 FLOP/s for 2 s = 1e11 FLOPs per step in 4 CPU seconds: 2.5e10 per CPU second
    var t = new BenchResult.Throughput(2048, 2.0, 4.0, 1024, 5e10, 0.5);
    assertThat(t.mfuCpu(5e10)).isCloseTo(0.5, offset(1e-12));
    assertThat(t.mfuCpu(-1)).isEqualTo(-1);
    var parsed = io.metastream.domain.serde.Json.mapper().readTree(result(t, 5e10).toJson());
    assertThat(parsed.get("retrain_step").get("mfu_cpu").asDouble())
        .isCloseTo(0.5, offset(1e-9));
    assertThat(parsed.get("threads").asInt()).isEqualTo(2);
  }

  @Test
  void forwardFlopsAreTwiceTheWeightsPerTokenPlusAttention() {
    EncoderConfig c = new EncoderConfig(Variant.BERT, 100, 4, 1, 2, 8, 16, 2, 1e-12f, 0, 0f, 0f);
    assertThat(FlopCount.forward(c, null, 10, 10)).isEqualTo((2 * 128 + 4 * 10 * 4) * 10.0);
  }

  @Test
  void profileGroupsSelfTimeAndCountsTopLevelOps() {
    String trace = "[{\"name\":\"aten::linear\",\"ph\":\"X\",\"ts\":0,\"dur\":10,\"tid\":1},"
        + "{\"name\":\"aten::addmm\",\"ph\":\"X\",\"ts\":1,\"dur\":8,\"tid\":1},"
        + "{\"name\":\"aten::gelu\",\"ph\":\"X\",\"ts\":20,\"dur\":5,\"tid\":1},"
        + "{\"name\":\"aten::native_layer_norm\",\"ph\":\"X\",\"ts\":30,\"dur\":5,\"tid\":1}]";
    var p = io.metastream.model.bench.OpProfileAccess.summarise(trace);
    @SuppressWarnings("unchecked")
    var shares = (java.util.Map<String, Double>) p.get("self_time_share");
    assertThat(shares.get("matmul")).isCloseTo(0.5, offset(1e-9));
    assertThat(shares.get("gelu")).isCloseTo(0.25, offset(1e-9));
    assertThat(shares.get("layer_norm")).isCloseTo(0.25, offset(1e-9));
    assertThat(p.get("engine_ops_per_step")).isEqualTo(3L);
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
