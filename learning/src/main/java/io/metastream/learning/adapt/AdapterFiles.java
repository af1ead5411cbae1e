package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.train.ScoringModel;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One task of a {@link ScoringModel} on disk: the LoRA in the PEFT layout (through the model
 * module's {@link PeftAdapter}, so Transformers/PEFT can load it) plus, when the scorer has one,
 * the task's head in {@value #HEAD_FILE} beside it (PEFT ignores unknown files).
 */
public final class AdapterFiles {

  public static final String HEAD_FILE = PeftAdapter.HEAD_FILE;

  private AdapterFiles() {}

  /** Writes task {@code task} of {@code model} into {@code dir}. */
  public static void export(ScoringModel model, int task, Path dir, PeftAdapter.Base base,
      NDManager manager) throws IOException {
    Files.createDirectories(dir);
    try (NDManager tmp = manager.newSubManager()) {
      if (model.adapters() != null) {
        PeftAdapter.export(model.adapters(), task, dir, base, tmp);
      }
      Map<String, NDArray> head = new java.util.TreeMap<>();
      if (model.heads() != null) {
        for (var e : model.heads().arrays().entrySet()) {
          tmp.tempAttachAll(e.getValue());
          head.put(e.getKey(), e.getValue().get(task).duplicate());
        }
      }
      PeftAdapter.writeHead(dir, head);
    }
  }

  /** The LoRA settings written in {@code dir}'s adapter_config.json. */
  public static LoraConfig config(Path dir) throws IOException {
    return PeftAdapter.readConfig(dir);
  }

  /** The head tensors' names stored beside the adapter (empty when it has no head). */
  public static java.util.Set<String> headNames(Path dir, NDManager manager) throws IOException {
    return PeftAdapter.readHead(dir, manager).keySet();
  }

  /** Loads {@code dir} into task {@code task} of {@code model} (same rank and targets). */
  public static void importInto(ScoringModel model, int task, Path dir, NDManager manager)
      throws IOException {
    try (NDManager tmp = manager.newSubManager()) {
      if (model.adapters() != null) {
        PeftAdapter.importInto(model.adapters(), task, dir, tmp);
      }
      if (model.heads() != null) {
        Map<String, NDArray> stored = PeftAdapter.readHead(dir, tmp);
        for (var e : model.heads().arrays().entrySet()) {
          NDArray src = stored.get(e.getKey());
          if (src == null) {
            throw new IOException(dir.resolve(HEAD_FILE) + " lacks the head tensor '"
                + e.getKey() + "' this scorer needs; adapt with the same scorer options");
          }
          NDArray dst = e.getValue();
          tmp.tempAttachAll(dst);
          if (!dst.get(task).getShape().equals(src.getShape())) {
            throw new IOException(dir.resolve(HEAD_FILE) + ": head '" + e.getKey() + "' has shape "
                + src.getShape() + ", expected " + dst.get(task).getShape());
          }
          dst.set(new NDIndex(task), src);
        }
      }
    }
  }
}
