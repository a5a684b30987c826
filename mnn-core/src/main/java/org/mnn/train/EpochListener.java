package org.mnn.train;

import java.time.Duration;

/**
 * Observes a training run once per finished epoch (see {@link LossHistory#addListener}).
 * Listeners run on the training thread after the epoch's losses are known and its model has
 * been kept if it is the best so far (changing the network there does not change the kept
 * model), before the early-stopping decision; a listener that throws stops training with that
 * exception.
 */
@FunctionalInterface
public interface EpochListener {
    /**
     * @param epoch          the finished epoch, counted from 1
     * @param trainLoss      the mean minibatch loss of the epoch (weighted by minibatch size)
     * @param validationLoss the loss on the validation set after the epoch; {@code NaN} when
     *                       training has no validation set
     * @param elapsed        time since training started
     */
    void onEpoch(int epoch, double trainLoss, double validationLoss, Duration elapsed);
}
