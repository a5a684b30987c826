package org.mnn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Trains a DL4J {@link ComputationGraph} (typically one holding a {@link org.mnn.nn.NeuRlpVertex})
 * with Adam over minibatches of a {@link MultiDataSet}, one {@code net.fit(minibatch)} per step:
 * DL4J's own forward, backward and updater do the work.
 *
 * <ul>
 *   <li><b>Adam</b>: every layer with parameters must be configured with an {@link Adam} updater
 *       (e.g. {@link TrainingConfig#adam()}); the configured learning rate is set on all of them.</li>
 *   <li><b>Seeds</b>: ND4J's random generator and the minibatch shuffling are seeded with
 *       {@link TrainingConfig#seed()}; the network's initial weights come from its own
 *       configuration seed.</li>
 *   <li><b>Losses</b>: an epoch's train loss is the mean of its minibatch scores (each taken in
 *       that minibatch's training pass, weighted by its size); the validation loss is the mean
 *       score over the validation set after the epoch, without updates. Both are recorded in
 *       {@link #history()} whose listeners see every epoch.</li>
 *   <li><b>Best model and early stopping</b>: the monitored loss is the validation loss if there
 *       is a validation set, else the train loss. An epoch improves when it lowers the best value
 *       by more than {@code minDelta}; the parameters (and updater state) of the best epoch are
 *       kept, written to {@link TrainingConfig#checkpoint()} with {@link ModelSerializer} if set,
 *       and put back into the network at the end if {@link TrainingConfig#restoreBest()}. After
 *       {@code patience} epochs without improvement training stops.</li>
 *   <li><b>Non-finite losses</b>: a NaN or infinite train or validation loss (or a step that
 *       fails because the parameters became non-finite, e.g. the NeuRLP vertex rejecting NaN
 *       coefficients) stops training; the result's message names the epoch and the quantity, the
 *       checkpoint file is left as it was, and the network gets the last good (best) parameters
 *       back, or its initial ones if no epoch was finite.</li>
 * </ul>
 * Not thread-safe; one {@code fit} at a time.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final LossHistory history = new LossHistory();

    public Trainer(TrainingConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public TrainingConfig config() {
        return config;
    }

    /** The losses recorded so far; add listeners here before {@link #fit}. */
    public LossHistory history() {
        return history;
    }

    /** Trains on {@code train} alone (the train loss is monitored). */
    public TrainingResult fit(ComputationGraph net, MultiDataSet train) {
        return fit(net, train, null);
    }

    /**
     * Trains {@code net} on {@code train}, monitoring {@code validation} if it is not null.
     *
     * @throws IllegalArgumentException for an empty data set, or a layer not using Adam
     */
    public TrainingResult fit(ComputationGraph net, MultiDataSet train, MultiDataSet validation) {
        java.util.Objects.requireNonNull(net, "net");
        int n = examples(train, "training set");
        int nVal = validation == null ? 0 : examples(validation, "validation set");
        useAdam(net);
        Nd4j.getRandom().setSeed(config.seed());
        Random shuffler = new Random(config.seed());
        String monitored = validation != null ? "validation loss" : "train loss";

        long start = System.nanoTime();
        Snapshot initial = Snapshot.of(net);
        Snapshot best = null;
        int bestEpoch = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        Path written = null;
        int sinceImprovement = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }

        int epoch = 0;
        TrainingResult.Stop stop = TrainingResult.Stop.COMPLETED;
        String message = null;
        while (epoch < config.epochs()) {
            epoch++;
            if (config.shuffle()) {
                shuffle(order, shuffler);
            }
            double sum = 0;
            String failure = null;
            for (int from = 0; from < n && failure == null; from += config.batchSize()) {
                int to = Math.min(n, from + config.batchSize());
                MultiDataSet mb = rows(train, order, from, to, n);
                double score;
                try {
                    net.fit(mb);
                    score = net.score();
                } catch (RuntimeException e) {
                    if (parametersFinite(net)) {
                        throw e;
                    }
                    failure = "the parameters became non-finite (" + e.getMessage() + ")";
                    break;
                }
                if (!Double.isFinite(score)) {
                    failure = "is " + score;
                }
                sum += score * (to - from);
            }
            if (failure != null) {
                stop = TrainingResult.Stop.NON_FINITE;
                message = nonFinite(epoch, "train loss", failure, bestEpoch, bestLoss, monitored, written);
                break;
            }
            net.incrementEpochCount();
            double trainLoss = sum / n;
            double valLoss = Double.NaN;
            if (validation != null) {
                try {
                    valLoss = score(net, validation, nVal);
                } catch (RuntimeException e) {
                    if (parametersFinite(net)) {
                        throw e;
                    }
                    failure = "the parameters became non-finite (" + e.getMessage() + ")";
                }
                if (failure == null && !Double.isFinite(valLoss)) {
                    failure = "is " + valLoss;
                }
                if (failure != null) {
                    history.record(trainLoss, Double.isFinite(valLoss) ? valLoss : Double.NaN, since(start));
                    stop = TrainingResult.Stop.NON_FINITE;
                    message = nonFinite(epoch, "validation loss", failure, bestEpoch, bestLoss, monitored, written);
                    break;
                }
            }
            // the best model is taken before listeners run, so that they see (and may change) the
            // network without changing what is kept
            double current = validation != null ? valLoss : trainLoss;
            boolean improved = current < bestLoss - config.minDelta();
            if (improved) {
                bestLoss = current;
                bestEpoch = epoch;
                best = Snapshot.of(net);
                sinceImprovement = 0;
                if (config.checkpoint() != null) {
                    save(net, config.checkpoint());
                    written = config.checkpoint();
                }
            } else {
                sinceImprovement++;
            }
            history.record(trainLoss, valLoss, since(start));
            if (!improved && config.patience() > 0 && sinceImprovement >= config.patience()) {
                stop = TrainingResult.Stop.EARLY_STOPPED;
                message = String.format(Locale.ROOT,
                        "early stopping at epoch %d: no %s improvement larger than %s for %d epochs; best epoch %d (%s %.6g)",
                        epoch, monitored, config.minDelta(), config.patience(), bestEpoch, monitored, bestLoss);
                break;
            }
        }
        if (stop == TrainingResult.Stop.COMPLETED) {
            message = String.format(Locale.ROOT, "completed %d epochs; best epoch %d (%s %.6g)",
                    epoch, bestEpoch, monitored, bestLoss);
        }
        if (stop == TrainingResult.Stop.NON_FINITE) {
            (best != null ? best : initial).restore(net);
        } else if (config.restoreBest() && best != null) {
            best.restore(net);
        }
        return new TrainingResult(stop, message, epoch, bestEpoch, bestEpoch == 0 ? Double.NaN : bestLoss, monitored,
                written, since(start), history);
    }

    private static String nonFinite(int epoch, String quantity, String failure, int bestEpoch, double bestLoss,
                                    String monitored, Path written) {
        String kept = bestEpoch == 0
                ? "no epoch finished with finite losses; the network keeps its initial parameters"
                : String.format(Locale.ROOT, "keeping the last good checkpoint: epoch %d (%s %.6g)%s",
                        bestEpoch, monitored, bestLoss, written != null ? ", " + written : "");
        return String.format(Locale.ROOT, "training stopped at epoch %d: the %s %s; %s", epoch, quantity, failure, kept);
    }

    /** The weighted mean score (inference mode) over {@code data} in minibatches. */
    private double score(ComputationGraph net, MultiDataSet data, int n) {
        double sum = 0;
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(n, from + config.batchSize());
            double s = net.score(rows(data, null, from, to, n), false);
            if (!Double.isFinite(s)) {
                return s;
            }
            sum += s * (to - from);
        }
        return sum / n;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The number of examples, or an error naming the empty or inconsistent set. */
    static int examples(MultiDataSet data, String what) {
        if (data == null) {
            throw new IllegalArgumentException(what + " is missing (null)");
        }
        INDArray[] f = data.getFeatures();
        INDArray[] l = data.getLabels();
        if (f == null || f.length == 0 || f[0] == null) {
            throw new IllegalArgumentException(what + " is empty: it has no feature arrays");
        }
        if (l == null || l.length == 0 || l[0] == null) {
            throw new IllegalArgumentException(what + " is empty: it has no label arrays");
        }
        long n = f[0].rank() == 0 ? 0 : f[0].size(0);
        if (n == 0 || f[0].isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: 0 examples");
        }
        for (INDArray[] arrays : List.of(f, l)) {
            for (INDArray a : arrays) {
                if (a == null || a.rank() == 0 || a.size(0) != n) {
                    throw new IllegalArgumentException(what + ": every feature and label array needs " + n
                            + " examples (rows), got " + (a == null ? "null" : java.util.Arrays.toString(a.shape())));
                }
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": too many examples (" + n + ")");
        }
        return (int) n;
    }

    private static void useAdam(ComputationGraph net) {
        List<String> notAdam = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer.numParams() == 0) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            IUpdater u = conf instanceof BaseLayer ? ((BaseLayer) conf).getIUpdater() : null;
            if (!(u instanceof Adam)) {
                notAdam.add(conf.getLayerName() + " (" + (u == null ? "no updater" : u.getClass().getSimpleName()) + ")");
            }
        }
        if (!notAdam.isEmpty()) {
            throw new IllegalArgumentException("Trainer uses Adam: configure the network with .updater(new Adam(lr));"
                    + " layers with another updater: " + notAdam);
        }
    }

    private static boolean parametersFinite(ComputationGraph net) {
        INDArray p = net.params();
        if (p == null || p.isEmpty()) {
            return true;
        }
        return Double.isFinite(p.sumNumber().doubleValue()) && Double.isFinite(p.norm2Number().doubleValue());
    }

    private static void save(ComputationGraph net, Path file) {
        try {
            Path target = file.toAbsolutePath();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            ModelSerializer.writeModel(net, tmp.toFile(), true);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rows [from, to) of {@code data} in {@code order} (null: natural order); the whole set as is
     * when that is all of it in natural order. */
    private static MultiDataSet rows(MultiDataSet data, int[] order, int from, int to, int n) {
        boolean natural = order == null || isIdentity(order, from, to);
        if (natural && from == 0 && to == n) {
            return data;
        }
        long[] idx = new long[to - from];
        for (int i = from; i < to; i++) {
            idx[i - from] = order == null ? i : order[i];
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(
                select(data.getFeatures(), idx), select(data.getLabels(), idx),
                select(data.getFeaturesMaskArrays(), idx), select(data.getLabelsMaskArrays(), idx));
    }

    private static boolean isIdentity(int[] order, int from, int to) {
        for (int i = from; i < to; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static INDArray[] select(INDArray[] arrays, long[] idx) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = arrays[i];
            if (a == null) {
                continue;
            }
            INDArrayIndex[] ix = new INDArrayIndex[a.rank()];
            ix[0] = new SpecifiedIndex(idx);
            for (int d = 1; d < ix.length; d++) {
                ix[d] = NDArrayIndex.all();
            }
            out[i] = a.get(ix).dup('c');
        }
        return out;
    }

    /** Parameters and updater state of a network at one moment. */
    private record Snapshot(INDArray params, INDArray updaterState) {
        static Snapshot of(ComputationGraph net) {
            INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
            return new Snapshot(net.params().dup(), state == null ? null : state.dup());
        }

        void restore(ComputationGraph net) {
            net.setParams(params);
            if (updaterState != null && net.getUpdater() != null && net.getUpdater().getStateViewArray() != null) {
                net.getUpdater().getStateViewArray().assign(updaterState);
            }
        }
    }
}
