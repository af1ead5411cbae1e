package io.metastream.model.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's intra-op thread count for a measurement. Why: the peak matmul and the training
 * step must run with the same threads for their ratio (MFU) to mean anything, and PyTorch's
 * default depends on how the engine was started ({@code ai.djl.pytorch.num_threads}).
 */
final class EngineThreads {

  private EngineThreads() {}

  /**
   * Sets {@code threads} intra-op threads (0: one per available processor) on the PyTorch
   * engine and returns the count in effect (for another engine: the available processors).
   */
  static int set(int threads) {
    int wanted = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
      return Runtime.getRuntime().availableProcessors();
    }
    JniUtils.setNumThreads(wanted);
    return JniUtils.getNumThreads();
  }
}
