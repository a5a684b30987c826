package org.mnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnn.demo.SineDemo;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The training loop on small float64 networks (a tiny MLP; the NeuRLP vertex in the sine net). */
class TrainerTest {
    private static final double[] W = {0.5, -1.0, 2.0};

    static ComputationGraph mlp(IUpdater updater, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("x")
                .addLayer("hidden", new DenseLayer.Builder().nIn(3).nOut(16).activation(Activation.TANH).build(), "x")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build(), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** y = x . W + noise * N(0, 1); {@code n} rows. */
    static MultiDataSet linear(int n, double noise, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][3];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian();
                y[i][0] += W[j] * x[i][j];
            }
            y[i][0] += noise * rnd.nextGaussian();
        }
        return new MultiDataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /** Labels unrelated to the inputs: training on the other set makes this loss worse. */
    static MultiDataSet unrelated(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][3];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i][0] = -(W[0] * x[i][0] + W[1] * x[i][1] + W[2] * x[i][2]);
        }
        return new MultiDataSet(Nd4j.create(x), Nd4j.create(y));
    }

    static TrainingConfig.Builder config() {
        return TrainingConfig.builder().learningRate(0.01).epochs(40).batchSize(16).seed(7);
    }

    @Test
    void learnsAndIsDeterministic() {
        TrainingConfig cfg = config().build();
        ComputationGraph a = mlp(cfg.adam(), 3);
        TrainingResult ra = new Trainer(cfg).fit(a, linear(100, 0.01, 1), linear(40, 0.01, 2));
        ComputationGraph b = mlp(cfg.adam(), 3);
        TrainingResult rb = new Trainer(cfg).fit(b, linear(100, 0.01, 1), linear(40, 0.01, 2));
        assertThat(ra.stop()).isEqualTo(TrainingResult.Stop.COMPLETED);
        assertThat(ra.epochs()).isEqualTo(40);
        assertThat(ra.monitored()).isEqualTo("validation loss");
        List<Double> losses = ra.history().trainLosses();
        assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) / 10);
        assertThat(ra.history().validationLosses()).isEqualTo(rb.history().validationLosses());
        assertThat(a.params()).isEqualTo(b.params());
    }

    @Test
    void listenerIsCalledEveryEpochInOrder() {
        TrainingConfig cfg = config().epochs(12).build();
        Trainer trainer = new Trainer(cfg);
        List<Integer> epochs = new ArrayList<>();
        List<Duration> times = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        trainer.history().addListener((epoch, train, val, elapsed) -> {
            epochs.add(epoch);
            times.add(elapsed);
            losses.add(new double[] {train, val});
        });
        TrainingResult r = trainer.fit(mlp(cfg.adam(), 3), linear(50, 0.01, 1));
        assertThat(epochs).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isGreaterThanOrEqualTo(times.get(i - 1));
        }
        assertThat(r.history().epochs()).isEqualTo(12);
        for (int i = 0; i < 12; i++) {
            assertThat(losses.get(i)[0]).isEqualTo(r.history().trainLosses().get(i)).isFinite();
            assertThat(losses.get(i)[1]).isNaN(); // no validation set
        }
        assertThat(r.monitored()).isEqualTo("train loss");
        String bar = ProgressBar.line(3, 12, 0.5, Double.NaN, Duration.ofSeconds(6));
        assertThat(bar).contains("epoch  3/12").contains("loss 5.0000e-01").contains("~0:18 left");
    }

    @Test
    void earlyStoppingTriggersAfterPatienceEpochsWithoutImprovement() {
        // the validation labels are the negated training target: validation gets worse as training succeeds
        TrainingConfig cfg = config().epochs(200).earlyStopping(5, 0).build();
        TrainingResult r = new Trainer(cfg).fit(mlp(cfg.adam(), 3), linear(100, 0.01, 1), unrelated(40, 2));
        assertThat(r.stop()).isEqualTo(TrainingResult.Stop.EARLY_STOPPED);
        assertThat(r.epochs()).isLessThan(200).isEqualTo(r.bestEpoch() + 5);
        assertThat(r.history().epochs()).isEqualTo(r.epochs());
        List<Double> val = r.history().validationLosses();
        assertThat(r.bestLoss()).isEqualTo(val.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
        assertThat(r.message()).contains("early stopping at epoch " + r.epochs()).contains("validation loss");

        // min delta: with a huge one only the first epoch counts as an improvement
        TrainingConfig huge = config().epochs(200).earlyStopping(3, 1e9).build();
        TrainingResult h = new Trainer(huge).fit(mlp(huge.adam(), 3), linear(100, 0.01, 1), linear(40, 0.01, 2));
        assertThat(h.stop()).isEqualTo(TrainingResult.Stop.EARLY_STOPPED);
        assertThat(h.bestEpoch()).isEqualTo(1);
        assertThat(h.epochs()).isEqualTo(4);
    }

    @Test
    void checkpointRestoresTheBestEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/best.zip");
        TrainingConfig cfg = config().epochs(30).checkpoint(file).build();
        Trainer trainer = new Trainer(cfg);
        ComputationGraph net = mlp(cfg.adam(), 3);
        List<INDArray> paramsAfter = new ArrayList<>();
        trainer.history().addListener((epoch, train, val, elapsed) -> paramsAfter.add(net.params().dup()));
        MultiDataSet validation = unrelated(40, 2);
        TrainingResult r = trainer.fit(net, linear(100, 0.01, 1), validation);

        List<Double> val = r.history().validationLosses();
        int argmin = 0;
        for (int i = 1; i < val.size(); i++) {
            if (val.get(i) < val.get(argmin)) {
                argmin = i;
            }
        }
        assertThat(r.bestEpoch()).isEqualTo(argmin + 1);
        assertThat(r.bestEpoch()).as("the best epoch is not the last one here").isLessThan(30);
        INDArray best = paramsAfter.get(argmin);
        assertThat(net.params()).as("network restored to the best epoch").isEqualTo(best);
        assertThat(r.checkpoint()).isEqualTo(file);
        assertThat(Files.exists(file)).isTrue();
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        assertThat(restored.params()).isEqualTo(best);
        assertThat(restored.score(validation, false)).isCloseTo(r.bestLoss(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Files.exists(dir.resolve("sub/best.zip.tmp"))).isFalse();
    }

    @Test
    void nonFiniteTrainLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("best.zip");
        TrainingConfig cfg = config().epochs(20).checkpoint(file).build();
        Trainer trainer = new Trainer(cfg);
        ComputationGraph net = mlp(cfg.adam(), 3);
        List<INDArray> paramsAfter = new ArrayList<>();
        trainer.history().addListener((epoch, train, val, elapsed) -> {
            paramsAfter.add(net.params().dup());
            if (epoch == 3) {
                net.getLayer("hidden").getParam("W").putScalar(0, 0, Double.NaN);
            }
        });
        TrainingResult r = trainer.fit(net, linear(100, 0.01, 1));
        assertThat(r.stop()).isEqualTo(TrainingResult.Stop.NON_FINITE);
        assertThat(r.epochs()).isEqualTo(4);
        assertThat(r.message()).startsWith("training stopped at epoch 4: the train loss is NaN")
                .contains("keeping the last good checkpoint: epoch 3");
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.history().epochs()).isEqualTo(3);
        assertThat(net.params()).isEqualTo(paramsAfter.get(2));
        assertThat(ModelSerializer.restoreComputationGraph(file.toFile(), false).params()).isEqualTo(paramsAfter.get(2));
    }

    @Test
    void nonFiniteValidationLossIsNamed() {
        TrainingConfig cfg = config().epochs(5).build();
        MultiDataSet validation = linear(10, 0.01, 2);
        validation.getLabels(0).putScalar(3, 0, Double.POSITIVE_INFINITY);
        ComputationGraph net = mlp(cfg.adam(), 3);
        INDArray initial = net.params().dup();
        TrainingResult r = new Trainer(cfg).fit(net, linear(50, 0.01, 1), validation);
        assertThat(r.stop()).isEqualTo(TrainingResult.Stop.NON_FINITE);
        assertThat(r.message()).startsWith("training stopped at epoch 1: the validation loss is ")
                .contains("no epoch finished with finite losses");
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.checkpoint()).isNull();
        assertThat(net.params()).isEqualTo(initial);
    }

    @Test
    void nonFiniteParametersInTheNeuRlpVertexStopTraining() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            SineDemo.Config c = SineDemo.Config.paper().withPoints(60, 6).withEpochs(10);
            TrainingConfig cfg = TrainingConfig.builder().learningRate(0.01).epochs(10).batchSize(1).build();
            ComputationGraph net = SineDemo.network(c, cfg);
            Trainer trainer = new Trainer(cfg);
            trainer.history().addListener((epoch, train, val, elapsed) -> {
                if (epoch == 2) {
                    net.getLayer("coef").getParam("W").putScalar(0, 5, Double.NaN);
                }
            });
            TrainingResult r = trainer.fit(net, SineDemo.dataSet(c, SineDemo.data(c)));
            assertThat(r.stop()).isEqualTo(TrainingResult.Stop.NON_FINITE);
            assertThat(r.message()).startsWith("training stopped at epoch 3: the train loss")
                    .contains("parameters became non-finite").contains("keeping the last good checkpoint: epoch 2");
            assertThat(Double.isFinite(net.params().sumNumber().doubleValue())).isTrue();
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void emptyOrMissingDataSetsAreClearErrors() {
        TrainingConfig cfg = config().build();
        ComputationGraph net = mlp(cfg.adam(), 3);
        MultiDataSet empty = new MultiDataSet(Nd4j.create(DataType.DOUBLE, 0, 3), Nd4j.create(DataType.DOUBLE, 0, 1));
        assertThatThrownBy(() -> new Trainer(cfg).fit(net, empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("training set is empty: 0 examples");
        assertThatThrownBy(() -> new Trainer(cfg).fit(net, linear(10, 0, 1), empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("validation set is empty: 0 examples");
        assertThatThrownBy(() -> new Trainer(cfg).fit(net, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training set is missing");
        assertThatThrownBy(() -> new Trainer(cfg).fit(net, new MultiDataSet(new INDArray[0], new INDArray[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training set is empty");
        MultiDataSet ragged = new MultiDataSet(Nd4j.create(DataType.DOUBLE, 5, 3), Nd4j.create(DataType.DOUBLE, 4, 1));
        assertThatThrownBy(() -> new Trainer(cfg).fit(net, ragged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 5 examples");
    }

    @Test
    void configurationErrors() {
        assertThatThrownBy(() -> TrainingConfig.builder().epochs(0).build()).hasMessageContaining("epochs");
        assertThatThrownBy(() -> TrainingConfig.builder().learningRate(-1).build()).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> TrainingConfig.builder().batchSize(0).build()).hasMessageContaining("batch size");
        assertThatThrownBy(() -> TrainingConfig.builder().earlyStopping(-1, 0).build()).hasMessageContaining("patience");
        TrainingConfig cfg = config().build();
        assertThatThrownBy(() -> new Trainer(cfg).fit(mlp(new Sgd(0.1), 3), linear(10, 0, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Adam").hasMessageContaining("hidden");
    }
}
