package org.mnn.train;

import java.nio.file.Path;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Settings of a {@link Trainer} run: Adam's learning rate, epochs, minibatch size, the seed,
 * early stopping and the checkpoint file. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: learning rate 1e-3, 100 epochs, batch size 32, seed 42, shuffled minibatches,
 * no early stopping, no checkpoint file, the best model restored at the end.
 */
public final class TrainingConfig {
    private final double learningRate;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int patience;
    private final double minDelta;
    private final Path checkpoint;
    private final boolean restoreBest;

    private TrainingConfig(Builder b) {
        this.learningRate = b.learningRate;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.patience = b.patience;
        this.minDelta = b.minDelta;
        this.checkpoint = b.checkpoint;
        this.restoreBest = b.restoreBest;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adam's learning rate. */
    public double learningRate() { return learningRate; }

    /** Maximum number of epochs. */
    public int epochs() { return epochs; }

    /** Examples per minibatch (the last one of an epoch may be smaller). */
    public int batchSize() { return batchSize; }

    /** Seed of ND4J's random generator and of the minibatch shuffling. */
    public long seed() { return seed; }

    /** Whether the examples are shuffled (with {@link #seed()}) at the start of every epoch. */
    public boolean shuffle() { return shuffle; }

    /** Epochs without an improvement larger than {@link #minDelta()} before training stops;
     * 0 = no early stopping. */
    public int patience() { return patience; }

    /** The smallest decrease of the monitored loss that counts as an improvement. */
    public double minDelta() { return minDelta; }

    /** Where the best model is written with ModelSerializer (updater included); null = kept in
     * memory only. */
    public Path checkpoint() { return checkpoint; }

    /** Whether the network's parameters are set back to the best epoch's when training ends. */
    public boolean restoreBest() { return restoreBest; }

    /** A fresh Adam updater with {@link #learningRate()}, for building the network. */
    public Adam adam() {
        return new Adam(learningRate);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.learningRate = learningRate;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.seed = seed;
        b.shuffle = shuffle;
        b.patience = patience;
        b.minDelta = minDelta;
        b.checkpoint = checkpoint;
        b.restoreBest = restoreBest;
        return b;
    }

    @Override
    public String toString() {
        return "TrainingConfig(Adam lr=" + learningRate + ", epochs=" + epochs + ", batchSize=" + batchSize
                + ", seed=" + seed + ", shuffle=" + shuffle
                + (patience > 0 ? ", patience=" + patience + ", minDelta=" + minDelta : ", no early stopping")
                + (checkpoint != null ? ", checkpoint=" + checkpoint : "") + ", restoreBest=" + restoreBest + ")";
    }

    /** Builder; {@link #build()} checks the values. */
    public static final class Builder {
        private double learningRate = 1e-3;
        private int epochs = 100;
        private int batchSize = 32;
        private long seed = 42;
        private boolean shuffle = true;
        private int patience;
        private double minDelta;
        private Path checkpoint;
        private boolean restoreBest = true;

        private Builder() {
        }

        public Builder learningRate(double lr) { this.learningRate = lr; return this; }
        public Builder epochs(int epochs) { this.epochs = epochs; return this; }
        public Builder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder shuffle(boolean shuffle) { this.shuffle = shuffle; return this; }

        /** Stop after {@code patience} epochs without an improvement larger than {@code minDelta}. */
        public Builder earlyStopping(int patience, double minDelta) {
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        public Builder checkpoint(Path file) { this.checkpoint = file; return this; }
        public Builder restoreBest(boolean restore) { this.restoreBest = restore; return this; }

        public TrainingConfig build() {
            check(learningRate > 0 && Double.isFinite(learningRate), "learning rate: expected a positive finite number, got " + learningRate);
            check(epochs >= 1, "epochs: expected at least 1, got " + epochs);
            check(batchSize >= 1, "batch size: expected at least 1, got " + batchSize);
            check(patience >= 0, "patience: expected 0 (off) or more, got " + patience);
            check(minDelta >= 0 && Double.isFinite(minDelta), "min delta: expected a finite number >= 0, got " + minDelta);
            return new TrainingConfig(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
