package org.mnn.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The losses of a training run, one entry per finished epoch, and the listeners that observe it
 * (a live plot, a progress bar). {@link Trainer} calls {@link #record} after every epoch; the
 * lists returned here are read-only snapshots.
 */
public final class LossHistory {
    private final List<Double> train = new ArrayList<>();
    private final List<Double> validation = new ArrayList<>();
    private final List<Duration> elapsed = new ArrayList<>();
    private final List<EpochListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener called on every {@link #record}. */
    public LossHistory addListener(EpochListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public void removeListener(EpochListener listener) {
        listeners.remove(listener);
    }

    /** Appends epoch {@link #epochs()} + 1 and notifies every listener. */
    public void record(double trainLoss, double validationLoss, Duration sinceStart) {
        int epoch;
        synchronized (this) {
            train.add(trainLoss);
            validation.add(validationLoss);
            elapsed.add(sinceStart);
            epoch = train.size();
        }
        for (EpochListener l : listeners) {
            l.onEpoch(epoch, trainLoss, validationLoss, sinceStart);
        }
    }

    /** Number of recorded epochs. */
    public synchronized int epochs() {
        return train.size();
    }

    /** Train losses, index i = epoch i + 1. */
    public synchronized List<Double> trainLosses() {
        return Collections.unmodifiableList(new ArrayList<>(train));
    }

    /** Validation losses ({@code NaN} where there was no validation set), index i = epoch i + 1. */
    public synchronized List<Double> validationLosses() {
        return Collections.unmodifiableList(new ArrayList<>(validation));
    }

    /** Time since the start at the end of each epoch, index i = epoch i + 1. */
    public synchronized List<Duration> elapsed() {
        return Collections.unmodifiableList(new ArrayList<>(elapsed));
    }

    /** The last train loss, {@code NaN} before the first epoch. */
    public synchronized double lastTrainLoss() {
        return train.isEmpty() ? Double.NaN : train.get(train.size() - 1);
    }

    /** The last validation loss, {@code NaN} before the first epoch or without validation. */
    public synchronized double lastValidationLoss() {
        return validation.isEmpty() ? Double.NaN : validation.get(validation.size() - 1);
    }

    @Override
    public synchronized String toString() {
        return "LossHistory(" + train.size() + " epochs, last train " + lastTrainLoss()
                + ", last validation " + lastValidationLoss() + ")";
    }
}
