package org.mnn.train;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line progress bar for a terminal (redrawn with a carriage return): epoch, bar, train and
 * validation loss, elapsed time and the estimated time left (assuming every remaining epoch
 * runs; early stopping ends sooner). Redraws at most every {@code minIntervalMillis} except for
 * the first and last epoch. Call {@link #finish()} after training to end the line.
 */
public final class ProgressBar implements EpochListener {
    private static final int WIDTH = 24;
    private final PrintWriter out;
    private final int totalEpochs;
    private final long minIntervalNanos;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    public ProgressBar(PrintWriter out, int totalEpochs) {
        this(out, totalEpochs, 200);
    }

    public ProgressBar(PrintWriter out, int totalEpochs, long minIntervalMillis) {
        this.out = out;
        this.totalEpochs = totalEpochs;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
    }

    @Override
    public void onEpoch(int epoch, double trainLoss, double validationLoss, Duration elapsed) {
        long now = System.nanoTime();
        if (epoch != 1 && epoch < totalEpochs && drawn && now - lastDraw < minIntervalNanos) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print('\r');
        out.print(line(epoch, totalEpochs, trainLoss, validationLoss, elapsed));
        out.flush();
    }

    /** Ends the line (a newline after the last drawing). */
    public void finish() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }

    /** The text of the bar after {@code epoch} of {@code total}. */
    public static String line(int epoch, int total, double trainLoss, double validationLoss, Duration elapsed) {
        double fraction = Math.min(1, epoch / (double) total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder b = new StringBuilder();
        String digits = String.valueOf(total);
        b.append(String.format(Locale.ROOT, "epoch %" + digits.length() + "d/%d [", epoch, total));
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        b.append(String.format(Locale.ROOT, "] loss %.4e", trainLoss));
        if (!Double.isNaN(validationLoss)) {
            b.append(String.format(Locale.ROOT, " val %.4e", validationLoss));
        }
        double seconds = elapsed.toNanos() / 1e9;
        double left = seconds / epoch * Math.max(0, total - epoch);
        b.append(String.format(Locale.ROOT, " %s elapsed, ~%s left", clock(seconds), clock(left)));
        return b.toString();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
