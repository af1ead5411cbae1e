package io.metastream.model.encoder;

/** The six Linear layers of a transformer layer, named by their Hugging Face module path. */
public enum LinearTarget {
  QUERY("attention.self.query", "query"),
  KEY("attention.self.key", "key"),
  VALUE("attention.self.value", "value"),
  ATTENTION_OUTPUT("attention.output.dense", "attention.output.dense"),
  INTERMEDIATE("intermediate.dense", "intermediate.dense"),
  OUTPUT("output.dense", "output.dense");

  private final String path;
  private final String peftName;

  LinearTarget(String path, String peftName) {
    this.path = path;
    this.peftName = peftName;
  }

  /** Module path inside a layer, e.g. {@code attention.self.query}. */
  public String path() {
    return path;
  }

  /** Name used in PEFT {@code target_modules} (a suffix of the module path). */
  public String peftName() {
    return peftName;
  }

  /** Full module path without model prefix, e.g. {@code encoder.layer.0.attention.self.query}. */
  public String modulePath(int layer) {
    return "encoder.layer." + layer + "." + path;
  }

  /** Input width of this Linear. */
  public int inFeatures(EncoderConfig c) {
    return this == OUTPUT ? c.intermediateSize() : c.hiddenSize();
  }

  /** Output width of this Linear. */
  public int outFeatures(EncoderConfig c) {
    return this == INTERMEDIATE ? c.intermediateSize() : c.hiddenSize();
  }
}
