/**
 * The model core of Metastream: a BERT/RoBERTa encoder written with DJL (PyTorch engine), LoRA
 * adapter banks, scorers, a training step API and weight I/O.
 *
 * <h2>Typical use (the learning module)</h2>
 *
 * <pre>{@code
 * try (NDManager root = NDManager.newBaseManager();
 *      PairTokenizer tok = PairTokenizer.miniLm()) {
 *   Encoder base = MiniLm.load(root);                         // or HfCheckpoint.load(dir, root)
 *   LoraBank adapters = LoraBank.create(base.config(), LoraConfig.of(8), tasks, root);
 *   HeadBank heads = HeadBank.create(tasks, base.config().hiddenSize(), 2, root);
 *   ScoringModel model = new ScoringModel(base, adapters, heads);
 *   try (Learner learner = Learner.builder().setModel(model)
 *       .setScorer(new CrossEncoderScorer())
 *       .optTrainBase(true)                                   // LoRA-ML; false to fine-tune
 *       .optOptimizer(AdamW.withDecay(0.01f))
 *       .optSchedule(new LrSchedule(5e-5, warmup, total))
 *       .build(root)) {
 *     TokenBatch pairs = TokenBatch.pad(List.of(tok.encodePair(turns, reply, 128), ...),
 *         tok.padId());
 *     double loss = learner.step(TaskBatch.pairs(taskOfEachRow, pairs, goldOrNot));
 *     float[] scores = learner.scores(evalBatch);            // Ranking.hitsAt1(...)
 *   }
 *   HfCheckpoint.export(base, dir, tokenizerJson);           // only the base is exported
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.metastream.model.encoder}: {@code EncoderConfig}, {@code Encoder} (a DJL
 *       block), {@code Scope} (per-step sub-manager that borrows long-lived arrays),
 *       {@code Pooling}, {@code EncoderWeights} (copy, snapshot, restore, moveToward).
 *   <li>{@link io.metastream.model.lora}: {@code LoraConfig}, {@code LoraBank} (stacked
 *       per-task adapters, one batched forward), {@code HeadBank}, {@code TaskIndex}.
 *   <li>{@link io.metastream.model.text}: {@code PairTokenizer} (local tokenizer.json, keeps
 *       the most recent turns), {@code Encoded}, {@code TokenBatch}.
 *   <li>{@link io.metastream.model.train}: {@code TaskBatch}, {@code Scorer} with
 *       {@code CrossEncoderScorer} / {@code BiEncoderScorer}, {@code Learner} (the training
 *       step), {@code AdamW}, {@code LrSchedule}, {@code Ranking} (hits@1, MRR).
 *   <li>{@link io.metastream.model.weights}: {@code MiniLm} (offline ONNX weights),
 *       {@code OnnxModel} (protobuf reader), {@code BaseModel} (a base and its tokenizer),
 *       {@code HfCheckpoint}, {@code TokenizerFiles}, {@code PeftAdapter}, {@code Safetensors}.
 *   <li>{@link io.metastream.model.bench}: {@code ModelBenchmark}, {@code FlopCount},
 *       {@code BenchResult}.
 * </ul>
 *
 * <p>Threading: the PyTorch gradient collector is process-global, so run one {@code Learner}
 * step at a time per JVM.
 */
package io.metastream.model;
