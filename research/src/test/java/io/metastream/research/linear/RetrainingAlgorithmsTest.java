package io.metastream.research.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metastream.model.train.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrainingAlgorithmsTest {

    @Test
    void sufficientStatisticsMatchTheRawSamples() {
        GaussianSampler rng = new GaussianSampler(1);
        Matrix x = Matrix.gaussian(50, 3, 1, rng);
        Matrix y = Matrix.gaussian(50, 3, 1, rng);
        TaskStatistics stats = TaskStatistics.of(x, y);
        Matrix m = Matrix.gaussian(3, 3, 1, rng);

        double mse = x.times(m.transpose()).minus(y).frobeniusNormSquared() / 50;
        double constant = y.frobeniusNormSquared() / 50;

        assertThat(stats.lossUpToConstant(m) + constant).isCloseTo(mse, within(1e-10));
    }

    @Test
    void adapterGradientMatchesFiniteDifferences() {
        GaussianSampler rng = new GaussianSampler(2);
        TaskStatistics task = TaskStatistics.of(Matrix.gaussian(40, 4, 1, rng), Matrix.gaussian(40, 4, 1, rng));
        Matrix a = Matrix.gaussian(4, 4, 1, rng);
        Matrix u = Matrix.gaussian(4, 2, 1, rng);

        Matrix grad = LinearLoraMetaLearning.adapterGradient(task, a, u);

        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                double[][] e = new double[4][2];
                e[i][j] = h;
                Matrix step = Matrix.of(e);
                double numeric = (task.lossUpToConstant(LinearLoraMetaLearning.adapted(a, u.plus(step)))
                        - task.lossUpToConstant(LinearLoraMetaLearning.adapted(a, u.minus(step)))) / (2 * h);
                assertThat(grad.get(i, j)).isCloseTo(numeric, within(1e-6));
            }
        }
    }

    @Test
    void standardRetrainingGradientDescentReachesTheClosedForm() {
        List<TaskStatistics> tasks = noisyTasks(3, 0.1, 4);

        Matrix closed = StandardRetraining.closedForm(tasks);
        Matrix descended = StandardRetraining.gradientDescent(tasks, 0.2, 10_000, 1e-12);

        assertThat(descended.minus(closed).maxAbs()).isLessThan(1e-10);
    }

    @Test
    void standardRetrainingOnOneNoiselessTaskRecoversItsMatrix() {
        GaussianSampler rng = new GaussianSampler(5);
        Matrix m = Matrix.gaussian(6, 6, 1, rng);

        Matrix fitted = StandardRetraining.closedForm(List.of(LinearTaskSampler.sample(m, 30, 0.0, rng)));

        assertThat(fitted.minus(m).maxAbs()).isLessThan(1e-10);
    }

    @Test
    void loraMetaLearningRecoversTheSharedMatrixExactlyWithoutNoise() {
        GaussianSampler rng = new GaussianSampler(6);
        Matrix aStar = LinearTheorySuite.symmetricGaussian(6, rng);
        List<TaskStatistics> tasks = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Matrix u = Matrix.gaussian(6, 1, 1, rng);
            tasks.add(LinearTaskSampler.sample(LinearLoraMetaLearning.adapted(aStar, u), 200, 0.0, rng));
        }

        LinearLoraMetaLearning.Fit fit = LinearLoraMetaLearning.fit(tasks, 1,
                LinearLoraMetaLearning.Options.paper(), rng);

        assertThat(fit.converged()).isTrue();
        assertThat(fit.base().minus(aStar).frobeniusNormSquared()).isLessThan(1e-12);
    }

    @Test
    void roundRobinLoraMetaLearningAsTheNeuralTrainersScheduleItRecoversTheSharedMatrix() {
        GaussianSampler rng = new GaussianSampler(10);
        Matrix aStar = LinearTheorySuite.symmetricGaussian(8, rng);
        List<TaskStatistics> exact = new ArrayList<>();
        List<TaskStatistics> noisy = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Matrix m = LinearLoraMetaLearning.adapted(aStar, Matrix.gaussian(8, 1, 1, rng));
            exact.add(LinearTaskSampler.sample(m, 400, 0.0, rng));
            noisy.add(LinearTaskSampler.sample(m, 2000, 0.1, rng));
        }
        LinearLoraMetaLearning.Options options = new LinearLoraMetaLearning.Options(
                1, LrSchedule.constant(0.003), LrSchedule.constant(0.03), 0.1, 5000, 1e-9);

        LinearLoraMetaLearning.Fit fromExact = LinearLoraMetaLearning.fitRoundRobin(exact, 1, options, 1, rng);
        LinearLoraMetaLearning.Fit fromNoisy = LinearLoraMetaLearning.fitRoundRobin(noisy, 1, options, 1, rng);

        assertThat(fromExact.converged()).isTrue();
        assertThat(fromExact.base().minus(aStar).frobeniusNormSquared()).isLessThan(1e-12);
        // with noise, constant-rate per-task steps keep jittering around the optimum, close to A*
        assertThat(fromNoisy.base().minus(aStar).frobeniusNormSquared()).isLessThan(1e-3);
    }

    @Test
    void fineTuneFitsAnExactlyLowRankResidual() {
        GaussianSampler rng = new GaussianSampler(8);
        Matrix base = LinearTheorySuite.symmetricGaussian(5, rng);
        Matrix target = LinearLoraMetaLearning.adapted(base, Matrix.gaussian(5, 1, 1, rng));
        TaskStatistics data = LinearTaskSampler.sample(target, 50, 0.0, rng);

        LowRankFineTune.Fit fit = LowRankFineTune.fit(base, data, 1, LowRankFineTune.Options.defaults(), rng);

        assertThat(fit.converged()).isTrue();
        assertThat(LinearLoraMetaLearning.adapted(base, fit.adapter()).minus(target).maxAbs()).isLessThan(1e-8);
    }

    @Test
    void fineTuneWithSpareRankStopsOnThePlateauBeforeTheCap() {
        GaussianSampler rng = new GaussianSampler(9);
        Matrix base = LinearTheorySuite.symmetricGaussian(6, rng);
        Matrix target = LinearLoraMetaLearning.adapted(base, Matrix.gaussian(6, 1, 1, rng));
        TaskStatistics data = LinearTaskSampler.sample(target, 60, 0.1, rng);
        LowRankFineTune.Options options = LowRankFineTune.Options.defaults();

        // rank 3 for a rank-1 residual (plus noise): the spare columns settle slowly, so the gradient
        // rule alone would run to the cap
        LowRankFineTune.Fit fit = LowRankFineTune.fit(base, data, 3, options, rng);

        assertThat(fit.converged()).isTrue();
        assertThat(fit.steps()).isLessThan(options.maxSteps());
        assertThat(LinearLoraMetaLearning.adapted(base, fit.adapter()).minus(target).frobeniusNormSquared())
                .isLessThan(0.05);
    }

    private static List<TaskStatistics> noisyTasks(int count, double noise, long seed) {
        GaussianSampler rng = new GaussianSampler(seed);
        List<TaskStatistics> tasks = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            tasks.add(LinearTaskSampler.sample(Matrix.gaussian(5, 5, 1, rng), 100, noise, rng));
        }
        return tasks;
    }
}
