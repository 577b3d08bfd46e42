package dev.attune.deploy.movielens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small RFC 4180 reader, enough for MovieLens: comma-separated, fields optionally in double
 * quotes with {@code ""} for a quote inside, CRLF or LF line ends. A quoted field may span lines.
 * MovieLens titles hold commas ({@code "American President, The (1995)"}) and tags hold quotes,
 * so splitting on commas would silently shift columns.
 */
public final class Csv {

    private Csv() {
    }

    /** Reads every record after the header line of {@code file} and hands it to {@code sink}. */
    public static void forEachRecord(Path file, Consumer<List<String>> sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parse(reader, sink, true);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Parses {@code text} (all lines, header included) into records; for tests and small inputs. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        try {
            parse(new BufferedReader(new java.io.StringReader(text)), records::add, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static void parse(BufferedReader reader, Consumer<List<String>> sink, boolean skipHeader) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean header = skipHeader;
        boolean anyInRecord = false;
        int c;
        while ((c = reader.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch != '"') {
                    field.append(ch);
                } else {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            reader.reset();
                        }
                    }
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    anyInRecord = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    anyInRecord = true;
                }
                case '\r' -> {
                    // CRLF: the LF that follows ends the record; a lone CR is dropped too.
                }
                case '\n' -> {
                    if (anyInRecord || field.length() > 0) {
                        fields.add(field.toString());
                        if (!header) {
                            sink.accept(List.copyOf(fields));
                        }
                        header = false;
                    }
                    fields.clear();
                    field.setLength(0);
                    anyInRecord = false;
                }
                default -> {
                    field.append(ch);
                    anyInRecord = true;
                }
            }
        }
        if (anyInRecord || field.length() > 0) {
            fields.add(field.toString());
            if (!header) {
                sink.accept(List.copyOf(fields));
            }
        }
    }
}
