package io.metastream.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class DevicesTest {

  @Test
  void cpuAndAutoPlaceArraysOnTheChosenDevice() {
    assertThat(Devices.parse("cpu")).isEqualTo(Device.cpu());
    Device auto = Devices.parse("auto");
    assertThat(auto).isEqualTo(Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu());
    assertThat(Devices.parse(null)).isEqualTo(auto);
    try (NDManager m = NDManager.newBaseManager(auto); NDArray a = m.zeros(new ai.djl.ndarray.types.Shape(2))) {
      assertThat(a.getDevice()).isEqualTo(auto);
      assertThat(m.newSubManager().getDevice()).isEqualTo(auto);
    }
  }

  @Test
  void aGpuTheEngineDoesNotSeeIsRefusedNamingTheVariable() {
    int gpus = Engine.getInstance().getGpuCount();
    assertThatThrownBy(() -> Devices.parse("gpu:" + gpus)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("METASTREAM_DEVICE=gpu:" + gpus).hasMessageContaining(gpus + " GPU");
    if (gpus == 0) {
      assertThatThrownBy(() -> Devices.parse("gpu")).hasMessageContaining("METASTREAM_DEVICE=gpu");
    }
  }

  @Test
  void aBadValueIsOneErrorNamingTheVariableOrOption() {
    assertThatThrownBy(() -> Devices.parse("tpu")).hasMessageStartingWith("METASTREAM_DEVICE=tpu")
        .hasMessageContaining("auto, cpu, gpu");
    assertThatThrownBy(() -> Devices.parse("gpu:x")).hasMessageContaining("METASTREAM_DEVICE=gpu:x");
    assertThatThrownBy(() -> Devices.parse("gpu:-1", "--device")).hasMessageStartingWith("--device=gpu:-1");
  }
}
