package org.mnn.discover.data;

import org.mnn.discover.Dataset;
import org.mnn.discover.Library;

/** Checks of a dataset against a discovery's settings, beyond what reading it checks. */
public final class DataChecks {
    private DataChecks() { }

    /**
     * A least-squares fit of K terms needs at least K samples per equation.
     *
     * @param what names the rows in the message, e.g. "training rows"
     * @throws DataException naming the source, the row count and the term count
     */
    public static void requireRowsForTerms(Dataset data, Library library, String librarySpec, String what) {
        int rows = data.totalPoints();
        if (rows < library.size()) {
            throw new DataException(data.source(), rows + " " + what + " but the library " + librarySpec + " has "
                    + library.size() + " terms; discovery needs at least as many rows as terms (use more data, a smaller"
                    + " --holdout or a smaller library)");
        }
    }
}
