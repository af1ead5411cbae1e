package io.metastream.model.encoder;

import ai.djl.ndarray.NDArray;

/**
 * A hook that adds a low-rank correction to a Linear output (LoRA). Returning {@code null} means
 * "no correction for this layer".
 */
@FunctionalInterface
public interface LinearDelta {

  /**
   * @param layer transformer layer index
   * @param target which Linear of the layer
   * @param input the Linear's input, shape [N, L, in]
   * @param training whether dropout is active
   * @return the correction, shape [N, L, out], or {@code null}
   */
  NDArray delta(int layer, LinearTarget target, NDArray input, boolean training);
}
