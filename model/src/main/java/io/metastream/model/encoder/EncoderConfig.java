package io.metastream.model.encoder;

/**
 * Sizes and options of a BERT or RoBERTa encoder (post-LayerNorm, GELU-erf).
 *
 * @param variant BERT or ROBERTA (RoBERTa offsets position ids past the padding id)
 * @param vocabSize word-piece vocabulary size
 * @param hiddenSize model width H
 * @param numLayers number of transformer layers
 * @param numHeads attention heads (must divide H)
 * @param intermediateSize feed-forward width
 * @param maxPositions rows of the position embedding table
 * @param typeVocabSize rows of the token-type embedding table (1 for RoBERTa, 2 for BERT)
 * @param layerNormEps LayerNorm epsilon (1e-12 BERT, 1e-5 RoBERTa)
 * @param padTokenId padding id (0 BERT, 1 RoBERTa); RoBERTa positions start at padTokenId + 1
 * @param hiddenDropout dropout on embeddings and sub-layer outputs, training only
 * @param attentionDropout dropout on attention probabilities, training only
 */
public record EncoderConfig(
    Variant variant,
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    float layerNormEps,
    int padTokenId,
    float hiddenDropout,
    float attentionDropout) {

  /** Encoder family: decides position ids and checkpoint key prefix. */
  public enum Variant {
    BERT("bert"),
    ROBERTA("roberta");

    private final String prefix;

    Variant(String prefix) {
      this.prefix = prefix;
    }

    /** Hugging Face key prefix ("bert" / "roberta") and model_type. */
    public String prefix() {
      return prefix;
    }
  }

  public EncoderConfig {
    if (variant == null) {
      throw new IllegalArgumentException("variant is required (BERT or ROBERTA)");
    }
    positive("vocabSize", vocabSize);
    positive("hiddenSize", hiddenSize);
    positive("numLayers", numLayers);
    positive("numHeads", numHeads);
    positive("intermediateSize", intermediateSize);
    positive("maxPositions", maxPositions);
    positive("typeVocabSize", typeVocabSize);
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hiddenSize " + hiddenSize + " must be a multiple of numHeads " + numHeads);
    }
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
    }
    if (padTokenId < 0 || padTokenId >= vocabSize) {
      throw new IllegalArgumentException("padTokenId " + padTokenId + " outside vocabulary");
    }
    if (variant == Variant.ROBERTA && maxPositions <= padTokenId + 1) {
      throw new IllegalArgumentException("RoBERTa needs maxPositions > padTokenId + 1");
    }
    dropout("hiddenDropout", hiddenDropout);
    dropout("attentionDropout", attentionDropout);
  }

  /** Width of one attention head. */
  public int headSize() {
    return hiddenSize / numHeads;
  }

  /** Longest input (in tokens) the position table allows. */
  public int maxSequenceLength() {
    return variant == Variant.ROBERTA ? maxPositions - padTokenId - 1 : maxPositions;
  }

  /** A copy with both dropout rates set (0 for deterministic tests). */
  public EncoderConfig withDropout(float hidden, float attention) {
    return new EncoderConfig(variant, vocabSize, hiddenSize, numLayers, numHeads, intermediateSize,
        maxPositions, typeVocabSize, layerNormEps, padTokenId, hidden, attention);
  }

  /** Sentence-transformers all-MiniLM-L6-v2: BERT, 6 layers, hidden 384, 12 heads, FFN 1536. */
  public static EncoderConfig miniLm() {
    return new EncoderConfig(Variant.BERT, 30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0, 0.1f, 0.1f);
  }

  /** A tiny random-size config for fast tests: hidden 32, 2 layers, 2 heads, vocab 300. */
  public static EncoderConfig tiny(Variant variant) {
    return variant == Variant.BERT
        ? new EncoderConfig(variant, 300, 32, 2, 2, 64, 64, 2, 1e-12f, 0, 0f, 0f)
        : new EncoderConfig(variant, 300, 32, 2, 2, 64, 66, 1, 1e-5f, 1, 0f, 0f);
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  private static void dropout(String name, float value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
  }
}
