package io.metastream.model.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.metastream.model.encoder.EncoderConfig.Variant;
import io.metastream.model.weights.MiniLm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tokenises sentences and (context, candidate) pairs with a local Hugging Face
 * {@code tokenizer.json} (never the hub). Special tokens are added here, not by the tokenizer,
 * so truncation can keep the most recent context turns: oldest turns are dropped first.
 *
 * <p>BERT layout {@code [CLS] ctx [SEP] cand [SEP]} (types 0/1); RoBERTa layout
 * {@code <s> ctx </s></s> cand </s>} (types 0).
 */
public final class PairTokenizer implements AutoCloseable {

  private static final Map<String, String> RAW = Map.of(
      "addSpecialTokens", "false", "padding", "false", "truncation", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final Variant variant;
  private final long cls;
  private final long sep;
  private final long pad;

  private PairTokenizer(HuggingFaceTokenizer tokenizer, Variant variant) {
    this.tokenizer = tokenizer;
    this.variant = variant;
    boolean bert = variant == Variant.BERT;
    this.cls = tokenId(bert ? "[CLS]" : "<s>");
    this.sep = tokenId(bert ? "[SEP]" : "</s>");
    this.pad = tokenId(bert ? "[PAD]" : "<pad>");
  }

  /** Reads a tokenizer.json stream. */
  public static PairTokenizer fromStream(InputStream json, Variant variant) throws IOException {
    return new PairTokenizer(HuggingFaceTokenizer.newInstance(json, RAW), variant);
  }

  /** Reads a local tokenizer.json file. */
  public static PairTokenizer fromFile(Path json, Variant variant) throws IOException {
    if (!Files.isRegularFile(json)) {
      throw new IOException("tokenizer file " + json + " not found");
    }
    try (InputStream in = Files.newInputStream(json)) {
      return fromStream(in, variant);
    }
  }

  /** The MiniLM WordPiece tokenizer from the classpath. */
  public static PairTokenizer miniLm() throws IOException {
    try (InputStream in = MiniLm.resource(MiniLm.TOKENIZER_RESOURCE)) {
      return fromStream(in, Variant.BERT);
    }
  }

  /** Padding id used by {@link TokenBatch#pad}. */
  public long padId() {
    return pad;
  }

  /** Token ids of {@code text} without special tokens. */
  public long[] tokenize(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /** A single sentence: specials added, keeping the first tokens within {@code maxLength}. */
  public Encoded encode(String text, int maxLength) {
    long[] t = tokenize(text);
    int keep = Math.min(t.length, maxLength - 2);
    requireRoom(keep, maxLength);
    long[] ids = new long[keep + 2];
    ids[0] = cls;
    System.arraycopy(t, 0, ids, 1, keep);
    ids[keep + 1] = sep;
    return new Encoded(ids, new long[ids.length]);
  }

  /**
   * A (context, candidate) pair within {@code maxLength} tokens. The candidate keeps up to half the
   * room (more if the context is short); the context keeps its most recent turns, whole turns
   * dropped oldest first; a single over-long latest turn keeps its last tokens.
   */
  public Encoded encodePair(List<String> contextTurns, String candidate, int maxLength) {
    int specials = variant == Variant.BERT ? 3 : 4;
    int room = maxLength - specials;
    requireRoom(room, maxLength);
    List<long[]> turns = new ArrayList<>();
    for (String turn : contextTurns) {
      turns.add(tokenize(turn));
    }
    long[] cand = tokenize(candidate);
    int ctxLen = turns.stream().mapToInt(a -> a.length).sum();
    int candKeep = Math.min(cand.length, room - Math.min(ctxLen, room / 2));
    long[] ctx = recentTurns(turns, room - candKeep);
    return assemble(ctx, java.util.Arrays.copyOf(cand, candKeep));
  }

  private static long[] recentTurns(List<long[]> turns, int budget) {
    int used = 0;
    int first = turns.size();
    while (first > 0 && used + turns.get(first - 1).length <= budget) {
      used += turns.get(--first).length;
    }
    if (first == turns.size() && !turns.isEmpty() && budget > 0) {
      long[] last = turns.get(turns.size() - 1);
      return java.util.Arrays.copyOfRange(last, last.length - budget, last.length);
    }
    long[] out = new long[used];
    int at = 0;
    for (int i = first; i < turns.size(); i++) {
      System.arraycopy(turns.get(i), 0, out, at, turns.get(i).length);
      at += turns.get(i).length;
    }
    return out;
  }

  private Encoded assemble(long[] a, long[] b) {
    boolean bert = variant == Variant.BERT;
    int n = a.length + b.length + (bert ? 3 : 4);
    long[] ids = new long[n];
    long[] types = new long[n];
    int i = 0;
    ids[i++] = cls;
    for (long t : a) {
      ids[i++] = t;
    }
    ids[i++] = sep;
    if (!bert) {
      ids[i++] = sep;
    }
    int secondStart = i;
    for (long t : b) {
      ids[i++] = t;
    }
    ids[i++] = sep;
    if (bert) {
      java.util.Arrays.fill(types, secondStart, n, 1L);
    }
    return new Encoded(ids, types);
  }

  private long tokenId(String token) {
    long[] ids = tokenizer.encode(token, false, false).getIds();
    if (ids.length != 1) {
      throw new IllegalArgumentException("tokenizer has no single id for special token " + token
          + "; is the tokenizer.json for the right model variant?");
    }
    return ids[0];
  }

  private static void requireRoom(int room, int maxLength) {
    if (room < 0) {
      throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for tokens");
    }
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
