package io.jrun.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows of cells as Go's text/tabwriter does with flags 0 and a space as padding, which
 * runc's `list` uses (minwidth 12, padding 3): every cell but a row's last is padded to its
 * column's width, the widest cell plus the padding but at least the minimum width; the last cell
 * is written as it is. Widths count characters (Go counts runes). Rows are expected to have the
 * same number of cells, as in a table; Go's finer rules for ragged rows are not needed.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;
    private final List<String[]> rows = new ArrayList<>();

    TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    TabWriter row(String... cells) {
        rows.add(cells);
        return this;
    }

    /** The table, each row ending in a newline. */
    String render() {
        List<Integer> widths = new ArrayList<>();
        for (String[] row : rows) {
            for (int col = 0; col < row.length - 1; col++) {
                int w = Math.max(minWidth, width(row[col]) + padding);
                if (col == widths.size()) {
                    widths.add(w);
                } else if (w > widths.get(col)) {
                    widths.set(col, w);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            for (int col = 0; col < row.length; col++) {
                b.append(row[col]);
                if (col < row.length - 1) {
                    b.repeat(' ', widths.get(col) - width(row[col]));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
