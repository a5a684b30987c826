package org.mnn.discover.data;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mnn.discover.Dataset;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Discovery data from a CSV file: a header line with the column names, then one line per time stamp. The file is
 * read by Tablesaw as text columns and converted by {@link TableDatasets}, with errors naming file lines.
 */
public final class CsvDatasets {

    private CsvDatasets() {}

    /**
     * @throws DataException        if the file is not usable data (the message names the file, line and column)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Dataset read(Path file, DataColumns columns) {
        String source = file.toString();
        String text = readText(file, source);
        CsvRecords records = CsvRecords.scan(text);
        if (records.count() == 0) {
            throw new DataException(source, "the file is empty; expected a header line with the column names, "
                    + "then one line per time stamp");
        }
        int header = records.lines()[0];
        if (records.count() == 1) {
            throw new DataException(source, header, "line " + header, null, "only a header line, no data lines");
        }
        for (int r = 1; r < records.count(); r++) {
            if (records.cells()[r] != records.cells()[0]) {
                int line = records.lines()[r];
                throw new DataException(source, line, "line " + line, null, "expected " + records.cells()[0]
                        + " cells as in the header (line " + header + "), got " + records.cells()[r]);
            }
        }
        Table table = parse(text, source);
        // Should Tablesaw ever split records differently from the scan, name data rows rather than wrong lines.
        RowPlaces places = table.rowCount() == records.count() - 1
                ? RowPlaces.fileLines(records.dataLines()) : RowPlaces.dataRows();
        return TableDatasets.convert(table, source, columns, places);
    }

    private static String readText(Path file, String source) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // A byte order mark (Excel exports) would otherwise become part of the first column's name.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new DataException(source, "not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    /** Every column as text, nothing treated as missing but empty cells, no comment lines: cells arrive as written. */
    private static Table parse(String text, String source) {
        CsvReadOptions options = CsvReadOptions.builder(new StringReader(text))
                .tableName(source)
                .columnTypes(name -> ColumnType.STRING)
                .missingValueIndicator("")
                .commentPrefix('\0')
                .build();
        try {
            return Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            throw new DataException(source, "Tablesaw could not read the file: " + e.getMessage());
        }
    }
}
