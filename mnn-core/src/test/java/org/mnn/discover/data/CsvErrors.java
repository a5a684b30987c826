package org.mnn.discover.data;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;

/** Test helper: the DataException that reading a CSV file must throw. */
final class CsvErrors {

    private CsvErrors() {}

    static DataException expect(Path file, DataColumns columns) {
        try {
            CsvDatasets.read(file, columns);
        } catch (DataException e) {
            return e;
        }
        return fail("expected a DataException for " + file);
    }
}
