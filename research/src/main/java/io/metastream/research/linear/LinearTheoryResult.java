package io.metastream.research.linear;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The measured quantities of one linear theory run.
 *
 * @param config      the configuration that produced them
 * @param srErrorRank numerical rank of {@code A_SR - A*} (theory: kT)
 * @param mlBaseError {@code ||A_ML - A*||_F^2} (theory: near 0 for T >= 3)
 * @param mlErrorRank numerical rank of {@code A_ML - A*} (theory: <= 2k for T = 2)
 * @param ftLossMl    population excess loss {@code ||A_ML + U U^T - M*_new||_F^2} after fine-tuning
 * @param ftLossSr    the same from the SR base
 */
public record LinearTheoryResult(LinearTheoryConfig config, int srErrorRank, double mlBaseError,
                                 int mlErrorRank, double ftLossMl, double ftLossSr) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LinearTheoryResult {
        Objects.requireNonNull(config, "config");
    }

    /** One JSON object: the config echo under {@code config} and the five snake_case results. */
    public String toJson() {
        ObjectNode c = JSON.createObjectNode()
                .put("dim", config.dim())
                .put("tasks", config.tasks())
                .put("rank", config.rank())
                .put("samples", config.samples())
                .put("ft_samples", config.ftSamples())
                .put("noise", config.noise())
                .put("seed", config.seed());
        ObjectNode root = JSON.createObjectNode();
        root.set("config", c);
        root.put("sr_error_rank", srErrorRank)
                .put("ml_base_error", mlBaseError)
                .put("ml_error_rank", mlErrorRank)
                .put("ft_loss_ml", ftLossMl)
                .put("ft_loss_sr", ftLossSr);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise linear theory result", e);
        }
    }
}
