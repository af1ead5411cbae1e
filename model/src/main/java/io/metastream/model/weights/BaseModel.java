package io.metastream.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.metastream.model.encoder.Encoder;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.text.PairTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A base encoder with its tokenizer, loaded from one of: {@code minilm} (the pretrained MiniLM jar),
 * {@code tiny} (a small random BERT sharing MiniLM's vocabulary, for tests), or a Hugging Face
 * directory ({@link HfCheckpoint}). Exports that directory layout; a pooler read from the source
 * directory is carried unchanged (Metastream mean-pools and never trains it).
 */
public final class BaseModel {

  public static final String CONFIG = HfCheckpoint.CONFIG;
  public static final String WEIGHTS = HfCheckpoint.WEIGHTS;
  public static final String TOKENIZER = HfCheckpoint.TOKENIZER;
  /** The name written for the {@code minilm} base: the model its weights come from. */
  public static final String MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2";

  private final Encoder encoder;
  private final byte[] tokenizerJson;
  private final Map<String, NDArray> pooler;
  private final String name;

  private BaseModel(Encoder encoder, byte[] tokenizerJson, Map<String, NDArray> pooler,
      String name) {
    this.encoder = encoder;
    this.tokenizerJson = tokenizerJson;
    this.pooler = pooler;
    this.name = name;
  }

  public Encoder encoder() {
    return encoder;
  }

  public EncoderConfig config() {
    return encoder.config();
  }

  /** The model's name as written in {@code config.json} ({@code _name_or_path}). */
  public String name() {
    return name;
  }

  /** A new tokenizer over this base's {@code tokenizer.json} (close it). */
  public PairTokenizer tokenizer() throws IOException {
    return PairTokenizer.fromStream(new ByteArrayInputStream(tokenizerJson), config().variant());
  }

  /**
   * Loads {@code spec}: {@code minilm}, {@code tiny} or a directory path. {@code seed} only matters
   * for {@code tiny} (its random weights); {@code dropout} overrides the config's dropout when set.
   */
  public static BaseModel load(String spec, NDManager manager, long seed, Float dropout)
      throws IOException {
    switch (spec) {
      case "minilm" -> {
        EncoderConfig c = withDropout(EncoderConfig.miniLm(), dropout);
        // MiniLM's ONNX export has no pooler: export writes the identity pooler
        return new BaseModel(MiniLm.load(manager, c), miniLmTokenizer(), null, MINILM_NAME);
      }
      case "tiny" -> {
        EncoderConfig c = withDropout(tinyConfig(), dropout);
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        return new BaseModel(Encoder.random(c, manager), miniLmTokenizer(), null,
            "metastream-tiny-bert");
      }
      default -> {
        return loadDirectory(Path.of(spec), manager, dropout);
      }
    }
  }

  /** Hidden 32, 2 layers, 2 heads, MiniLM's 30522-word vocabulary (so MiniLM's tokenizer fits). */
  public static EncoderConfig tinyConfig() {
    return new EncoderConfig(EncoderConfig.Variant.BERT, 30522, 32, 2, 2, 64, 128, 2, 1e-12f, 0,
        0f, 0f);
  }

  /** Reads a Hugging Face BERT/RoBERTa directory. */
  public static BaseModel loadDirectory(Path dir, NDManager manager, Float dropout)
      throws IOException {
    for (String f : new String[] {CONFIG, WEIGHTS, TOKENIZER}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException(dir + " is not a base model directory: " + f + " is missing "
            + "(expected config.json, model.safetensors, tokenizer.json)");
      }
    }
    EncoderConfig c = withDropout(HfCheckpoint.readConfig(dir), dropout);
    Encoder encoder = Encoder.random(c, manager);
    Map<String, NDArray> tensors = HfCheckpoint.readTensors(dir, c, manager);
    HfCheckpoint.copyInto(encoder, tensors, dir.resolve(WEIGHTS));
    Map<String, NDArray> pooler = null;
    NDArray w = tensors.get(HfCheckpoint.POOLER_WEIGHT);
    NDArray b = tensors.get(HfCheckpoint.POOLER_BIAS);
    if (w != null && b != null) {
      int h = c.hiddenSize();
      if (!w.getShape().equals(new Shape(h, h)) || !b.getShape().equals(new Shape(h))) {
        throw new IOException(dir.resolve(WEIGHTS) + ": the pooler has shapes " + w.getShape()
            + " and " + b.getShape() + " but hidden_size is " + h);
      }
      pooler = Map.of(HfCheckpoint.POOLER_WEIGHT, w, HfCheckpoint.POOLER_BIAS, b);
    }
    tensors.forEach((k, a) -> {
      if (a != w && a != b) {
        a.close();
      }
    });
    return new BaseModel(encoder, Files.readAllBytes(dir.resolve(TOKENIZER)), pooler,
        HfCheckpoint.readName(dir));
  }

  /** Writes the Hugging Face directory ({@link HfCheckpoint#FILES}) into {@code dir}. */
  public void export(Path dir) throws IOException {
    HfCheckpoint.export(encoder, pooler, name, dir, tokenizerJson);
  }

  private static EncoderConfig withDropout(EncoderConfig c, Float dropout) {
    return dropout == null ? c : c.withDropout(dropout, dropout);
  }

  private static byte[] miniLmTokenizer() throws IOException {
    try (InputStream in = MiniLm.resource(MiniLm.TOKENIZER_RESOURCE)) {
      return in.readAllBytes();
    }
  }
}
