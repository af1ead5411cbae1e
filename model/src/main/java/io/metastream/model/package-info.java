/**
 * The model core of Metastream: a BERT/RoBERTa encoder written with DJL (PyTorch engine), LoRA
 * adapter banks, scorers, a training step API and weight I/O.
 *
 * <h2>Typical use (the learning module)</h2>
 *
 * <pre>{@code
 * try (NDManager root = NDManager.newBaseManager(Devices.parse(System.getenv(Devices.VARIABLE)));
 *      PairTokenizer tok = PairTokenizer.miniLm()) {
 *   Encoder base = MiniLm.load(root);                         // or HfCheckpoint.load(dir, root)
 *   Scorer scorer = ScorerOptions.read(new FlatOptions(options)).scorer();
 *   ScoringModel model = ScoringModel.create(base, LoraConfig.of(8), scorer, tasks, root);
 *   ExampleBatcher batcher = new ExampleBatcher(new TextCodec(tok, 48, 32), ScorerOptions.Kind.BI, 3);
 *   try (Learner learner = Learner.builder().setModel(model).setScorer(scorer)
 *       .optTrainBase(true)                                   // LoRA-ML; false: frozen base
 *       .optOptimizer(AdamW.withDecay(0.01f))
 *       .build(root)) {
 *     double loss = batcher.trainStep(learner, List.of(new TaskExamples(0, examples)),
 *         baseLr, task -> taskLr, random);                    // tasks not in the step: no update
 *     ExampleBatcher.Ranked r = batcher.ranking(queries);
 *     float[][] scores = r.perExample(learner.scores(r.batch()));  // Ranking.rank(...)
 *   }
 *   HfCheckpoint.export(base, dir, tokenizerJson);           // only the base is exported
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.metastream.model.encoder}: {@code EncoderConfig}, {@code Encoder} (a DJL
 *       block), {@code Devices} (METASTREAM_DEVICE), {@code Scope} (per-step sub-manager that borrows long-lived arrays),
 *       {@code Pooling}, {@code EncoderWeights} (copy, snapshot, restore, moveToward).
 *   <li>{@link io.metastream.model.lora}: {@code LoraConfig}, {@code LoraBank} (stacked
 *       per-task adapters, one batched forward), {@code HeadBank}, {@code TaskIndex}.
 *   <li>{@link io.metastream.model.text}: {@code PairTokenizer} (local tokenizer.json, keeps
 *       the most recent turns), {@code Encoded}, {@code TokenBatch}.
 *   <li>{@link io.metastream.model.train}: {@code TaskBatch}, {@code ExampleBatcher}
 *       (conversation examples to batches), {@code Scorer} with {@code CrossEncoderScorer} /
 *       {@code BiEncoderScorer} and their {@code ScorerOptions}, {@code Learner} (the training
 *       step), {@code AdamW}, {@code LrSchedule}, {@code Ranking} (hits@1, MRR),
 *       {@code FlatOptions}.
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
