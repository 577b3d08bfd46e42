package dev.attune.bench.quality.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated, fields optionally in double quotes, a doubled quote
 * inside quotes is a literal quote, and quoted fields may hold commas and line breaks. Rows end
 * with LF or CRLF (MovieLens files use CRLF and quote titles such as {@code "American President, The (1995)"}).
 */
public final class CsvReader implements AutoCloseable {

    private final Reader in;
    private int pushedBack = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The next row's fields, or null at the end of input. A blank line yields no row. */
    public List<String> next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean sawAnything = false;
        while (true) {
            int c = read();
            if (c < 0) {
                if (!sawAnything) {
                    return null;
                }
                if (quoted) {
                    throw new IOException("unterminated quoted field at end of input");
                }
                fields.add(field.toString());
                return fields;
            }
            sawAnything = true;
            if (quoted) {
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        unread(after);
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        unread(after);
                    }
                }
                if (fields.isEmpty() && field.length() == 0) {
                    sawAnything = false; // a blank line: keep looking for a row
                    continue;
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
