package org.mnn.kernel.ext;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.mnn.train.EpochListener;
import org.mnn.train.LossHistory;
import org.mnn.train.Trainer;

/**
 * A loss curve that updates in place while training runs. In a notebook cell:
 *
 * <pre>{@code
 * var trainer = new Trainer(TrainingConfig.adam()...);
 * TrainingCurve.live(trainer);                  // or TrainingCurve.live(trainer.history())
 * trainer.fit(net, train, validation);
 * }</pre>
 *
 * {@link #show()} publishes one output (a Plotly line chart of the train and validation loss per
 * epoch: {@code text/html}, {@code application/vnd.plotly.v1+json}, {@code text/plain}) with a
 * display id, and listens to the history: every epoch replaces that output in place
 * ({@code update_display_data}), at most once per {@link #every interval} (default 200 ms, i.e.
 * five updates a second); an epoch that falls inside the interval is drawn when it ends, and the
 * last epoch is always drawn: at the end of the cell (in the mnn kernel) or by {@link #finish()}.
 * The update at the end of a cell also carries a PNG, so that the saved notebook shows the final
 * curve anywhere. The curve stays attached to the history: training again in a later cell updates
 * the same output, until {@link #close()}.
 *
 * <p>Options, before {@link #show()}: {@code TrainingCurve.of(history).title("sine").logY(true)
 * .every(Duration.ofMillis(500)).show()}. Without {@link #logY}, the y axis turns logarithmic
 * when all losses are positive and the largest is 20 times the smallest or more.
 */
public final class TrainingCurve implements EpochListener, AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    /** Where the outputs go: the running kernel's IOPub channel, or a test's recorder. */
    interface Sink {
        void display(DisplayData data);

        void update(String displayId, DisplayData data);
    }

    /** Live curves that may owe the notebook their last epoch (weakly held). */
    private static final Set<TrainingCurve> OPEN = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mnn-training-curve");
        t.setDaemon(true);
        return t;
    });

    private final LossHistory history;
    private final String displayId = "mnn-training-curve-" + UUID.randomUUID();
    private String title = "Training loss";
    private Boolean logY;
    private long intervalNanos = DEFAULT_INTERVAL.toNanos();
    private Sink sink;
    private LongSupplier clock = System::nanoTime;

    private boolean shown;
    private boolean closed;
    /** epochs shown by the last update (-1: none yet), and by the last output with a PNG */
    private int publishedEpochs = -1;
    private int pngEpochs = -1;
    private long lastPublished;
    private ScheduledFuture<?> trailing;
    private int publications;
    private boolean failureReported;

    private TrainingCurve(LossHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    /** A curve of {@code history}, not shown yet: set options, then {@link #show()}. */
    public static TrainingCurve of(LossHistory history) {
        return new TrainingCurve(history);
    }

    /** Shows a live curve of {@code history} now (see the class comment). */
    public static TrainingCurve live(LossHistory history) {
        return of(history).show();
    }

    /** Shows a live curve of {@code trainer.history()}; call before {@code trainer.fit}. */
    public static TrainingCurve live(Trainer trainer) {
        return live(trainer.history());
    }

    public synchronized TrainingCurve title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    /** Log-scale y axis ({@code true}), linear ({@code false}); the default chooses from the data. */
    public synchronized TrainingCurve logY(boolean logY) {
        this.logY = logY;
        return this;
    }

    /** At most one update per {@code interval} (the last epoch is always shown). */
    public synchronized TrainingCurve every(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        return this;
    }

    /** For tests: where outputs go and what time it is. */
    synchronized TrainingCurve using(Sink sink, LongSupplier clock) {
        this.sink = sink;
        this.clock = clock;
        return this;
    }

    /** Publishes the curve as it is now and starts following the history. */
    public TrainingCurve show() {
        synchronized (this) {
            if (shown) {
                return this;
            }
            if (closed) {
                throw new IllegalStateException("this training curve is closed");
            }
            if (sink == null) {
                sink = kernelSink();
            }
            shown = true;
            if (!PlotlyHtml.isEmbedded()) {
                // the library in an output of its own: the curve's updates stay small, and the
                // saved notebook keeps plotly.js even though the curve's output was replaced
                DisplayData library = new DisplayData("");
                library.putHTML(PlotlyHtml.libraryHtmlNow());
                sink.display(library);
            }
            int epochs = history.epochs();
            DisplayData first = render(epochs > 0);
            first.setDisplayId(displayId);
            sink.display(first);
            if (epochs > 0) {
                pngEpochs = epochs;
            }
        }
        history.addListener(this);
        OPEN.add(this);
        return this;
    }

    /** The display id of the live output (for {@code updateDisplay(id, ...)}). */
    public String displayId() {
        return displayId;
    }

    /** How many outputs and updates this curve has published. */
    public synchronized int publications() {
        return publications;
    }

    public LossHistory history() {
        return history;
    }

    /** The curve as it is now, for a static output (evaluating a TrainingCurve as a cell's value). */
    public synchronized LossCurve snapshot() {
        return LossCurve.of(history, title, logY);
    }

    @Override
    public void onEpoch(int epoch, double trainLoss, double validationLoss, Duration elapsed) {
        synchronized (this) {
            if (closed || !shown) {
                return;
            }
            long now = clock.getAsLong();
            long due = lastPublished + intervalNanos;
            if (publishedEpochs < 0 || now - due >= 0) {
                publish(false);
            } else if (trailing == null) {
                // draw this epoch when the interval is over, if no later epoch has by then
                trailing = TIMER.schedule(this::flushTrailing, due - now, TimeUnit.NANOSECONDS);
            }
        }
    }

    private synchronized void flushTrailing() {
        trailing = null;
        if (!closed && history.epochs() > Math.max(0, publishedEpochs)) {
            publish(false);
        }
    }

    /**
     * Shows every recorded epoch now, with a PNG, unless that was already shown. Called at the end
     * of each cell by the mnn kernel; call it yourself in other kernels, after training.
     */
    public synchronized void finish() {
        if (!shown || closed) {
            return;
        }
        cancelTrailing();
        int epochs = history.epochs();
        if (epochs > 0 && epochs != pngEpochs) {
            publish(true);
        }
    }

    /** Shows the last epoch ({@link #finish()}) and stops following the history. */
    @Override
    public void close() {
        finish();
        synchronized (this) {
            closed = true;
            cancelTrailing();
        }
        history.removeListener(this);
        OPEN.remove(this);
    }

    /** Runs {@link #finish()} on every live curve; the mnn kernel calls it after every cell. */
    public static void finishAll() {
        List<TrainingCurve> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        for (TrainingCurve c : open) {
            c.finish();
        }
    }

    private void cancelTrailing() {
        if (trailing != null) {
            trailing.cancel(false);
            trailing = null;
        }
    }

    /**
     * Caller holds the lock. A curve that cannot be drawn must not stop training (listeners that
     * throw do): the failure is reported once on stderr and the next epoch tries again.
     */
    private void publish(boolean png) {
        cancelTrailing();
        int epochs = history.epochs();
        try {
            sink.update(displayId, render(png));
        } catch (RuntimeException e) {
            if (!failureReported) {
                failureReported = true;
                System.err.println("note: the training curve could not be updated: " + e);
            }
            return;
        }
        lastPublished = clock.getAsLong();
        publishedEpochs = epochs;
        if (png) {
            pngEpochs = epochs;
        }
    }

    /** Caller holds the lock. */
    private DisplayData render(boolean png) {
        LossCurve curve = LossCurve.of(history, title, logY);
        JsonObject figure = curve.figure();
        DisplayData data = curve.bundle(figure, PlotlyHtml.html(figure, false), png);
        publications++;
        return data;
    }

    private static Sink kernelSink() {
        BaseKernel kernel = BaseKernel.notebookKernel();
        if (kernel == null) {
            throw new IllegalStateException("TrainingCurve.live needs a running notebook kernel");
        }
        return new Sink() {
            @Override
            public void display(DisplayData data) {
                kernel.display(data);
            }

            @Override
            public void update(String displayId, DisplayData data) {
                kernel.getIO().display.updateDisplay(displayId, data);
            }
        };
    }

    @Override
    public synchronized String toString() {
        return "TrainingCurve(" + title + ", " + LossCurve.of(history, title, logY).summaryLine() + ")";
    }
}
