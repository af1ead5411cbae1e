package io.metastream.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT / RoBERTa encoder as one DJL block: embeddings, then post-LayerNorm transformer layers
 * with exact (erf) GELU. Parameters carry their Hugging Face names without the model prefix
 * ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * ...), Linear weights are stored [out, in] as in PyTorch.
 *
 * <p>Call {@link #initialize(NDManager, DataType, Shape...)} (random BERT-style init) before use,
 * then optionally {@link EncoderWeights#copyInto}. Operations on parameters create arrays in the
 * parameters' manager, so run forwards inside a {@link Scope} that temporarily owns them.
 */
public final class Encoder extends AbstractBlock {

  private static final byte VERSION = 1;
  /** (mask - 1) * scale: 0 for tokens, a huge negative bias for padding keys. */
  private static final float MASK_SCALE = 1e9f;

  private final EncoderConfig config;

  /** Declares all parameters of {@code config}; arrays are created by {@code initialize}. */
  public Encoder(EncoderConfig config) {
    super(VERSION);
    this.config = config;
    int h = config.hiddenSize();
    Initializer normal = new TruncatedNormalInitializer(0.02f);
    weight("embeddings.word_embeddings.weight", new Shape(config.vocabSize(), h), normal);
    weight("embeddings.position_embeddings.weight", new Shape(config.maxPositions(), h), normal);
    weight("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h), normal);
    layerNorm("embeddings.LayerNorm", h);
    for (int layer = 0; layer < config.numLayers(); layer++) {
      for (LinearTarget t : LinearTarget.values()) {
        String m = t.modulePath(layer);
        weight(m + ".weight", new Shape(t.outFeatures(config), t.inFeatures(config)), normal);
        weight(m + ".bias", new Shape(t.outFeatures(config)), Initializer.ZEROS);
      }
      layerNorm("encoder.layer." + layer + ".attention.output.LayerNorm", h);
      layerNorm("encoder.layer." + layer + ".output.LayerNorm", h);
    }
  }

  /** Creates an encoder with freshly initialised random weights in {@code manager}. */
  public static Encoder random(EncoderConfig config, NDManager manager) {
    Encoder encoder = new Encoder(config);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    return encoder;
  }

  public EncoderConfig config() {
    return config;
  }

  /** Parameters by Hugging Face name (no model prefix), in declaration order; read-only view. */
  public Map<String, Parameter> namedParameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The array of the named parameter; fails with the list of valid names if unknown. */
  public NDArray array(String name) {
    Parameter p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown encoder parameter '" + name + "'");
    }
    return p.getArray();
  }

  /** Freezes (no gradient) or unfreezes every base parameter. */
  public void setTrainable(boolean trainable) {
    freezeParameters(!trainable);
  }

  /**
   * Runs the encoder.
   *
   * @param ids token ids [N, L] int64
   * @param mask attention mask [N, L] (1 keep, 0 padding)
   * @param types token types [N, L] int64
   * @param delta optional LoRA hook, {@code null} for the plain base
   * @param training enables dropout
   * @return last hidden states [N, L, H]
   */
  public NDArray forward(NDArray ids, NDArray mask, NDArray types, LinearDelta delta,
      boolean training) {
    NDArray x = embed(ids, types, training);
    long n = ids.getShape().get(0);
    long len = ids.getShape().get(1);
    NDArray bias = mask.toType(DataType.FLOAT32, false).sub(1f).mul(MASK_SCALE)
        .reshape(n, 1, 1, len);
    // a scalar array that lives as long as the step: DJL's mul(Number) frees its temporary
    // scalar right away, which autograd may still read during backward
    NDArray invSqrtD = ids.getManager().create(1f / (float) Math.sqrt(config.headSize()));
    for (int layer = 0; layer < config.numLayers(); layer++) {
      x = layer(x, bias, invSqrtD, layer, delta, training);
    }
    return x;
  }

  private NDArray embed(NDArray ids, NDArray types, boolean training) {
    NDArray words = Embedding.embedding(ids, array("embeddings.word_embeddings.weight"),
        SparseFormat.DENSE).singletonOrThrow();
    NDArray positions = positionIds(ids);
    NDArray pos = Embedding.embedding(positions, array("embeddings.position_embeddings.weight"),
        SparseFormat.DENSE).singletonOrThrow();
    NDArray typ = Embedding.embedding(types, array("embeddings.token_type_embeddings.weight"),
        SparseFormat.DENSE).singletonOrThrow();
    NDArray sum = words.add(pos).add(typ);
    return dropout(norm(sum, "embeddings.LayerNorm"), config.hiddenDropout(), training);
  }

  /** BERT: 0..L-1. RoBERTa: padding_idx + 1 + running count of non-padding tokens; pads get pad. */
  private NDArray positionIds(NDArray ids) {
    long len = ids.getShape().get(1);
    if (config.variant() == EncoderConfig.Variant.BERT) {
      return ids.getManager().arange(0, (int) len, 1, DataType.INT64).reshape(1, len);
    }
    NDArray notPad = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
    return notPad.cumSum(1).mul(notPad).add(config.padTokenId());
  }

  private NDArray layer(NDArray x, NDArray bias, NDArray invSqrtD, int layer, LinearDelta delta,
      boolean training) {
    long n = x.getShape().get(0);
    long len = x.getShape().get(1);
    int heads = config.numHeads();
    int d = config.headSize();
    NDArray q = heads(linear(x, layer, LinearTarget.QUERY, delta, training), n, len, heads, d);
    NDArray k = heads(linear(x, layer, LinearTarget.KEY, delta, training), n, len, heads, d);
    NDArray v = heads(linear(x, layer, LinearTarget.VALUE, delta, training), n, len, heads, d);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(invSqrtD).add(bias);
    NDArray probs = dropout(scores.softmax(-1), config.attentionDropout(), training);
    NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, len, config.hiddenSize());
    String prefix = "encoder.layer." + layer;
    NDArray attn = linear(ctx, layer, LinearTarget.ATTENTION_OUTPUT, delta, training);
    NDArray a = norm(x.add(dropout(attn, config.hiddenDropout(), training)),
        prefix + ".attention.output.LayerNorm");
    NDArray inter = Activation.gelu(linear(a, layer, LinearTarget.INTERMEDIATE, delta, training));
    NDArray out = linear(inter, layer, LinearTarget.OUTPUT, delta, training);
    return norm(a.add(dropout(out, config.hiddenDropout(), training)), prefix + ".output.LayerNorm");
  }

  private NDArray linear(NDArray x, int layer, LinearTarget t, LinearDelta delta, boolean training) {
    String m = t.modulePath(layer);
    NDArray y = Linear.linear(x, array(m + ".weight"), array(m + ".bias")).singletonOrThrow();
    if (delta != null) {
      NDArray correction = delta.delta(layer, t, x, training);
      if (correction != null) {
        y = y.add(correction);
      }
    }
    return y;
  }

  private static NDArray heads(NDArray x, long n, long len, int heads, int d) {
    return x.reshape(n, len, heads, d).transpose(0, 2, 1, 3);
  }

  private NDArray norm(NDArray x, String prefix) {
    return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), array(prefix + ".weight"),
        array(prefix + ".bias"), config.layerNormEps()).singletonOrThrow();
  }

  private static NDArray dropout(NDArray x, float rate, boolean training) {
    return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
  }

  /** DJL entry point: inputs (ids, mask, types), output the last hidden states; no LoRA. */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(forward(inputs.get(0), inputs.get(1), inputs.get(2), null, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape ids = inputShapes[0];
    return new Shape[] {new Shape(ids.get(0), ids.get(1), config.hiddenSize())};
  }

  private void weight(String name, Shape shape, Initializer init) {
    Parameter.Type type = name.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
        .optInitializer(init).build());
  }

  private void layerNorm(String prefix, int h) {
    addParameter(Parameter.builder().setName(prefix + ".weight").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(h)).optInitializer(Initializer.ONES).build());
    addParameter(Parameter.builder().setName(prefix + ".bias").setType(Parameter.Type.BETA)
        .optShape(new Shape(h)).optInitializer(Initializer.ZEROS).build());
  }

  /** Ordered map name -> array of every parameter (the live arrays, not copies). */
  public Map<String, NDArray> arrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, p.getArray()));
    return out;
  }
}
