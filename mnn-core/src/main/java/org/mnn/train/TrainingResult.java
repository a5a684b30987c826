package org.mnn.train;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Trainer} run ended.
 *
 * @param stop        why it stopped
 * @param message     one line for a person, e.g. "epoch 7: train loss is NaN; ..."
 * @param epochs      epochs run (including a last one that went non-finite)
 * @param bestEpoch   the epoch of the kept (best) model, 0 if no epoch finished with a finite loss
 * @param bestLoss    the monitored loss of that epoch ({@code NaN} if none)
 * @param monitored   "validation loss" or "train loss"
 * @param checkpoint  the file holding the best model, null when none was written
 * @param elapsed     wall time of the run
 * @param history     every epoch's losses
 */
public record TrainingResult(Stop stop, String message, int epochs, int bestEpoch, double bestLoss,
                             String monitored, Path checkpoint, Duration elapsed, LossHistory history) {

    /** Why training stopped. */
    public enum Stop {
        /** All configured epochs ran. */
        COMPLETED,
        /** Early stopping: no improvement for {@code patience} epochs. */
        EARLY_STOPPED,
        /** The train or validation loss became NaN or infinite. */
        NON_FINITE
    }
}
