package org.mnn.kernel.ext;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.lang.model.SourceVersion;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.mnn.discover.Dataset;
import org.mnn.discover.DiscoveredModel;
import org.mnn.discover.DiscoveryRequest;
import org.mnn.discover.Trajectory;
import org.mnn.discover.data.CsvDatasets;
import org.mnn.discover.data.DataColumns;
import org.mnn.discover.data.DataException;
import org.mnn.discover.data.TableDatasets;
import tech.tablesaw.api.Table;

/**
 * {@code %discover PATH_OR_TABLE [options]} ({@link DiscoverArgs}): the same discovery as
 * {@code mnn discover} ({@link DiscoveryRequest}) on a CSV file or a Tablesaw table variable;
 * shows the equations (LaTeX), the scores and the fit, and stores the model in a notebook
 * variable ({@code model} unless {@code --name}).
 */
public final class DiscoverMagic implements LineMagic<Object, BaseKernel> {

    @Override
    public Object eval(BaseKernel kernel, List<String> args) {
        DiscoverArgs a = DiscoverArgs.parse(args);
        DiscoveryRequest request;
        try {
            request = DiscoveryRequest.of(a.library(), a.threshold(), a.window(), a.holdout());
        } catch (DiscoveryRequest.InvalidOptionException e) {
            throw DiscoverArgs.fail(e.getMessage());
        }
        DataColumns columns = DataColumns.defaults().time(a.time()).variables(a.variables())
                .trajectory(a.trajectory()).inputs(a.inputs());
        DiscoveryRequest.Result result;
        try {
            result = request.run(load(kernel, a.source(), columns));
        } catch (DataException | DiscoveryRequest.InvalidOptionException e) {
            throw new MagicUsageException("%discover: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException("%discover: invalid input: " + e.getMessage());
        }
        DiscoveredModel model = result.model();
        NotebookVariables.define(kernel, a.name(), DiscoveredModel.class, model);
        kernel.display(ModelDisplay.equations(model, a.digits()));
        DisplayData report = new DisplayData();
        report.putText(String.join("\n", result.report(4)) + "\n(the model is in the variable " + a.name() + ")");
        kernel.display(report);
        Trajectory shown = result.data().trajectories().get(0);
        DisplayData fit = ModelDisplay.fit(model, shown, "data and model simulated from t = " + shown.times()[0]
                + (a.holdout() > 0 ? " (the last " + Math.round(100 * a.holdout()) + "% was held out)" : ""));
        if (fit != null) {
            kernel.display(fit);
        }
        return null;
    }

    /** A CSV file if the source names one, else a Table variable of the notebook. */
    static Dataset load(BaseKernel kernel, String source, DataColumns columns) {
        Path path = Path.of(source);
        if (Files.isRegularFile(path)) {
            try {
                return CsvDatasets.read(path, columns);
            } catch (UncheckedIOException e) {
                throw new MagicUsageException("%discover: could not read " + source + ": " + e.getCause().getMessage());
            }
        }
        if (!SourceVersion.isIdentifier(source) || SourceVersion.isKeyword(source)) {
            throw new MagicUsageException("%discover: " + source + ": no such file (and not a variable name)");
        }
        Object value;
        try {
            value = kernel.evalRaw(source);
        } catch (Exception e) {
            throw new MagicUsageException("%discover: " + source + " is neither a file nor a variable of this notebook");
        }
        if (!(value instanceof Table table)) {
            throw new MagicUsageException("%discover: " + source + " is a "
                    + (value == null ? "null value" : value.getClass().getSimpleName())
                    + ", expected a tech.tablesaw.api.Table or a CSV path");
        }
        return TableDatasets.fromTable(table, source, columns);
    }
}
