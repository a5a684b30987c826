package org.mnn.kernel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.mnn.train.LossHistory;

/** The live loss curve without a kernel: a recording sink and a hand-driven clock. */
class TrainingCurveTest {

    private static final MIMEType PLOTLY = MIMEType.parse(OdeDisplay.PLOTLY_MIME);
    private static final long MS = 1_000_000L;

    record Output(String kind, String id, DisplayData data) {
        int epochs() {
            JsonObject fig = (JsonObject) data.getData(PLOTLY);
            return fig.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("x").size();
        }

        boolean png() {
            return data.hasDataForType(MIMEType.IMAGE_PNG);
        }
    }

    static class Recorder implements TrainingCurve.Sink {
        final List<Output> outputs = new ArrayList<>();

        @Override
        public synchronized void display(DisplayData data) {
            outputs.add(new Output("display", data.getDisplayId(), data));
        }

        @Override
        public synchronized void update(String displayId, DisplayData data) {
            outputs.add(new Output("update", displayId, data));
        }

        synchronized List<Output> updates() {
            return outputs.stream().filter(o -> o.kind().equals("update")).toList();
        }

        synchronized List<Output> curveDisplays() {
            return outputs.stream().filter(o -> o.kind().equals("display") && o.id() != null).toList();
        }
    }

    private static void epoch(LossHistory h, double loss) {
        h.record(loss, loss * 1.1, Duration.ZERO);
    }

    @Test
    void updatesInPlaceAtMostOncePerIntervalAndAlwaysShowsTheLastEpoch() throws Exception {
        LossHistory history = new LossHistory();
        Recorder sink = new Recorder();
        AtomicLong now = new AtomicLong(1_000 * MS);
        TrainingCurve curve = TrainingCurve.of(history).every(Duration.ofMillis(200))
                .using(sink, now::get).show();

        assertThat(sink.curveDisplays()).hasSize(1);
        Output first = sink.curveDisplays().get(0);
        assertThat(first.id()).isEqualTo(curve.displayId());
        assertThat(first.data().getData(MIMEType.TEXT_PLAIN).toString()).contains("no epoch yet");
        assertThat(first.data().hasDataForType(MIMEType.TEXT_HTML)).isTrue();
        assertThat(first.data().getData(MIMEType.TEXT_HTML).toString()).doesNotContain(PlotlyHtml.LIBRARY_MARKER);

        epoch(history, 1.0);                         // the first epoch: drawn at once
        assertThat(sink.updates()).hasSize(1);
        for (int e = 2; e <= 10; e++) {              // 9 epochs within 90 ms: held back
            now.addAndGet(10 * MS);
            epoch(history, 1.0 / e);
        }
        assertThat(sink.updates()).hasSize(1);
        now.addAndGet(200 * MS);
        epoch(history, 0.05);                        // epoch 11, past the interval: drawn
        assertThat(sink.updates()).hasSize(2);
        assertThat(sink.updates().get(1).epochs()).isEqualTo(11);

        now.addAndGet(1 * MS);
        epoch(history, 0.04);                        // epoch 12, inside: the timer draws it
        Thread.sleep(600);
        assertThat(sink.updates()).hasSize(3);
        assertThat(sink.updates().get(2).epochs()).isEqualTo(12);
        assertThat(sink.updates().get(2).png()).isFalse();

        curve.finish();                              // end of the cell: once more, with the PNG
        assertThat(sink.updates()).hasSize(4);
        Output last = sink.updates().get(3);
        assertThat(last.epochs()).isEqualTo(12);
        assertThat(last.png()).isTrue();
        assertThat(last.id()).isEqualTo(curve.displayId());
        assertThat(last.data().getData(MIMEType.TEXT_PLAIN).toString()).contains("epoch 12");
        curve.finish();                              // nothing new: nothing sent
        assertThat(sink.updates()).hasSize(4);

        curve.close();
        epoch(history, 0.03);
        assertThat(sink.updates()).hasSize(4);
    }

    @Test
    void finishDrawsAnEpochHeldBackByTheThrottle() {
        LossHistory history = new LossHistory();
        Recorder sink = new Recorder();
        AtomicLong now = new AtomicLong();
        TrainingCurve curve = TrainingCurve.of(history).every(Duration.ofSeconds(60)).using(sink, now::get).show();
        for (int e = 1; e <= 5; e++) {
            epoch(history, 1.0 / e);
        }
        assertThat(sink.updates()).hasSize(1);       // epoch 1 only
        TrainingCurve.finishAll();
        assertThat(sink.updates()).hasSize(2);
        assertThat(sink.updates().get(1).epochs()).isEqualTo(5);
        curve.close();
    }

    @Test
    void plotlyJsComesInAnOutputOfItsOwnSoThatUpdatesStaySmall() {
        PlotlyHtml.embedAgain();
        LossHistory history = new LossHistory();
        epoch(history, 1.0);
        Recorder sink = new Recorder();
        TrainingCurve curve = TrainingCurve.of(history).using(sink, System::nanoTime).show();
        assertThat(sink.outputs).hasSize(2);
        Output library = sink.outputs.get(0);
        assertThat(library.id()).isNull();
        assertThat(library.data().getData(MIMEType.TEXT_HTML).toString()).contains(PlotlyHtml.LIBRARY_MARKER);
        Output first = sink.outputs.get(1);
        assertThat(first.id()).isEqualTo(curve.displayId());
        assertThat(first.data().getData(MIMEType.TEXT_HTML).toString()).doesNotContain(PlotlyHtml.LIBRARY_MARKER);
        assertThat(first.png()).isTrue(); // it already has an epoch
        assertThat(PlotlyHtml.isEmbedded()).isTrue();
        curve.close();
    }

    @Test
    void aSinkThatFailsDoesNotStopTraining() {
        LossHistory history = new LossHistory();
        Recorder sink = new Recorder() {
            @Override
            public synchronized void update(String displayId, DisplayData data) {
                throw new IllegalStateException("no connection");
            }
        };
        TrainingCurve curve = TrainingCurve.of(history).every(Duration.ZERO).using(sink, System::nanoTime).show();
        epoch(history, 1.0);
        epoch(history, 0.5);
        curve.finish();
        assertThat(history.epochs()).isEqualTo(2);
        curve.close();
    }

    @Test
    void logScaleIsChosenFromTheData() {
        LossCurve wide = new LossCurve("t", new int[] {1, 2, 3}, new double[] {10, 1, 0.01},
                new double[] {Double.NaN, Double.NaN, Double.NaN}, null);
        LossCurve narrow = new LossCurve("t", new int[] {1, 2}, new double[] {2, 1}, new double[] {3, 2}, null);
        LossCurve negative = new LossCurve("t", new int[] {1, 2}, new double[] {-5, -500}, new double[] {1, 2}, null);
        assertThat(wide.logScale()).isTrue();
        assertThat(wide.hasValidation()).isFalse();
        assertThat(wide.figure().getAsJsonArray("data")).hasSize(1);
        assertThat(wide.figure().getAsJsonObject("layout").getAsJsonObject("yaxis").get("type").getAsString())
                .isEqualTo("log");
        assertThat(narrow.logScale()).isFalse();
        assertThat(narrow.figure().getAsJsonArray("data")).hasSize(2);
        assertThat(negative.logScale()).isFalse();
        assertThat(new LossCurve("t", new int[] {1}, new double[] {2}, new double[] {3}, true).logScale()).isTrue();
        assertThat(narrow.summaryLine()).isEqualTo("epoch 2: train 1.000, validation 2.000, best validation 2.000 at 2");
        assertThat(narrow.png()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(wide.png().length).isGreaterThan(2000);
    }

    @Test
    void longHistoriesAreThinnedKeepingTheLastEpoch() {
        int[] idx = LossCurve.picked(12_345);
        assertThat(idx.length).isLessThanOrEqualTo(LossCurve.MAX_POINTS + 1);
        assertThat(idx[0]).isZero();
        assertThat(idx[idx.length - 1]).isEqualTo(12_344);
        assertThat(LossCurve.picked(7)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }
}
