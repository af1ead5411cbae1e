package io.metastream.trainer;

import io.metastream.domain.PersonaTask;
import io.metastream.learning.api.RetrainRequest;
import io.metastream.learning.api.RetrainResult;
import io.metastream.learning.api.Retrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntToDoubleFunction;

/**
 * A hand-written retrainer for service tests: writes a tiny deterministic Hugging Face-like file set and
 * returns the loss its function gives for the n-th call (from 1), so a test can make a round diverge.
 */
final class TinyRetrainer implements Retrainer {
    final List<RetrainRequest> requests = new CopyOnWriteArrayList<>();
    private final IntToDoubleFunction lossOfCall;

    TinyRetrainer(IntToDoubleFunction lossOfCall) {
        this.lossOfCall = lossOfCall;
    }

    static TinyRetrainer converging() {
        return new TinyRetrainer(n -> 1.0 / n);
    }

    @Override
    public RetrainResult retrain(RetrainRequest request) throws IOException {
        requests.add(request);
        String ids = String.join(",", request.tasks().stream().map(PersonaTask::taskId).sorted().toList());
        Files.writeString(request.outputDir().resolve("config.json"), "{\"model_type\":\"bert\",\"hidden_size\":4}");
        Files.write(request.outputDir().resolve("model.safetensors"),
                ("weights for " + ids + " seed " + request.seed() + " parent " + request.parentBase().isPresent())
                        .getBytes(StandardCharsets.UTF_8));
        return new RetrainResult(lossOfCall.applyAsDouble(requests.size()), request.tasks().size(),
                Map.of("tasks", Integer.toString(request.tasks().size())));
    }
}
