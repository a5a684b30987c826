package org.mnn.discover.data;

import java.util.Arrays;

/**
 * Where each record of a CSV text starts (its 1-based line) and how many cells it has. Tablesaw does not say
 * which line a row came from, and rows and lines differ when blank lines are skipped or a quoted cell spans
 * lines; this scan follows the same rules (comma, double quotes with {@code ""} inside, blank lines skipped).
 */
record CsvRecords(int[] lines, int[] cells) {

    static CsvRecords scan(String text) {
        int[] lines = new int[16];
        int[] cells = new int[16];
        int count = 0;
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            int start = line;
            int cellCount = 1;
            boolean blank = true;
            boolean quoted = false;
            boolean fieldStart = true;
            while (i < text.length()) {
                char c = text.charAt(i++);
                boolean lineBreak = c == '\n' || c == '\r';
                if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                if (lineBreak) {
                    line++;
                    if (!quoted) {
                        break;
                    }
                } else if (quoted) {
                    if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == ',') {
                    cellCount++;
                    blank = false;
                    fieldStart = true;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                    blank = false;
                    fieldStart = false;
                } else if (c != ' ' && c != '\t') {
                    // Leading blanks keep a field open for a quote, as the parser trims them.
                    blank = false;
                    fieldStart = false;
                }
            }
            if (!blank) {
                if (count == lines.length) {
                    lines = Arrays.copyOf(lines, 2 * count);
                    cells = Arrays.copyOf(cells, 2 * count);
                }
                lines[count] = start;
                cells[count++] = cellCount;
            }
        }
        return new CsvRecords(Arrays.copyOf(lines, count), Arrays.copyOf(cells, count));
    }

    /** Records including the header. */
    int count() {
        return lines.length;
    }

    /** The lines of the data records, i.e. without the header. */
    int[] dataLines() {
        return Arrays.copyOfRange(lines, 1, lines.length);
    }
}
