package io.metastream.learning.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.metastream.model.encoder.EncoderConfig;
import io.metastream.model.encoder.EncoderWeights;
import io.metastream.model.encoder.LinearTarget;
import io.metastream.model.lora.LoraBank;
import io.metastream.model.lora.LoraConfig;
import io.metastream.model.weights.PeftAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One {@link TaskBank} slot on disk: the LoRA in the PEFT layout (through the model module's
 * {@link PeftAdapter}, so Transformers/PEFT can load it) plus the head in
 * {@value #HEAD_FILE} beside it (PEFT ignores unknown files).
 */
public final class AdapterFiles {

  public static final String HEAD_FILE = "metastream_head.safetensors";

  private AdapterFiles() {}

  /** Writes slot {@code slot} of {@code bank} into {@code dir}. */
  public static void export(TaskBank bank, int slot, EncoderConfig config, float alpha,
      float dropout, Path dir, String baseModel, NDManager manager) throws IOException {
    Files.createDirectories(dir);
    LoraConfig lora = new LoraConfig(bank.rank(), alpha, dropout, LoraConfig.ALL_LINEAR);
    try (NDManager tmp = manager.newSubManager()) {
      LoraBank peft = LoraBank.create(config, lora, 1, tmp);
      Map<String, NDArray> s = bank.slot(slot);
      for (int layer = 0; layer < config.numLayers(); layer++) {
        for (LinearTarget t : LinearTarget.values()) {
          peft.setAdapter(0, layer, t, s.get(TaskBank.key(layer, t, "A")),
              s.get(TaskBank.key(layer, t, "B")));
        }
      }
      PeftAdapter.export(peft, 0, dir, baseModel, tmp);
      NDList head = new NDList();
      for (var e : s.entrySet()) {
        if (e.getKey().startsWith("head.")) {
          NDArray copy = e.getValue().duplicate();
          copy.attach(tmp);
          copy.setName(e.getKey());
          head.add(copy);
        }
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve(HEAD_FILE))) {
        head.encode(out, NDList.Encoding.SAFETENSORS);
      }
    }
  }

  /** The LoRA settings written in {@code dir}'s adapter_config.json. */
  public static LoraConfig config(Path dir) throws IOException {
    return PeftAdapter.readConfig(dir);
  }

  /** Loads {@code dir} into slot {@code slot} of {@code bank} (same rank, all Linear layers). */
  public static void importInto(TaskBank bank, int slot, EncoderConfig config, Path dir,
      NDManager manager) throws IOException {
    LoraConfig lora = PeftAdapter.readConfig(dir);
    try (NDManager tmp = manager.newSubManager()) {
      LoraBank peft = LoraBank.create(config, lora, 1, tmp);
      PeftAdapter.importInto(peft, 0, dir, tmp);
      Map<String, NDArray> s = bank.slot(slot);
      for (int layer = 0; layer < config.numLayers(); layer++) {
        for (LinearTarget t : lora.targets()) {
          EncoderWeights.copy(peft.a(layer, t).get(0), s.get(TaskBank.key(layer, t, "A")));
          EncoderWeights.copy(peft.b(layer, t).get(0), s.get(TaskBank.key(layer, t, "B")));
        }
      }
      Path head = dir.resolve(HEAD_FILE);
      if (Files.isRegularFile(head)) {
        try (InputStream in = Files.newInputStream(head)) {
          for (NDArray a : NDList.decode(tmp, in)) {
            NDArray dst = s.get(a.getName());
            if (dst != null) {
              EncoderWeights.copy(a, dst);
            }
          }
        }
      }
    }
  }
}
