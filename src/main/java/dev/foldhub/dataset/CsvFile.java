package dev.foldhub.dataset;

import dev.foldhub.errors.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Streams the rows of a CSV file with a header, handing over the required columns by name. */
final class CsvFile {

    /** Receives one data row: its 1-based line number in the file and the required columns' values. */
    interface RowHandler {
        void row(int line, String[] values);
    }

    private CsvFile() {
    }

    /** Reads {@code file} line by line; a missing column or short row is a 400 on field "path". */
    static void forEachRow(Path file, List<String> requiredColumns, RowHandler handler) {
        String name = file.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                throw invalid(name + " is empty; expected a header with columns " + String.join(",", requiredColumns));
            }
            List<String> header = parse(name, 1, stripBom(headerLine)).stream().map(String::strip).toList();
            int[] index = new int[requiredColumns.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = header.indexOf(requiredColumns.get(i));
                if (index[i] < 0) {
                    throw invalid(name + " has no column '" + requiredColumns.get(i) + "' (header: " + headerLine.strip() + ")");
                }
            }
            int lineNo = 1;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = parse(name, lineNo, line);
                if (fields.size() < header.size()) {
                    throw invalid(name + " line " + lineNo + ": expected " + header.size() + " fields, found " + fields.size());
                }
                String[] values = new String[index.length];
                for (int i = 0; i < index.length; i++) {
                    values[i] = fields.get(index[i]).strip();
                }
                handler.row(lineNo, values);
            }
        } catch (IOException | UncheckedIOException e) {
            throw invalid("cannot read " + name + ": " + e.getMessage());
        }
    }

    static InvalidInputException invalid(String message) {
        return new InvalidInputException("path", message);
    }

    private static List<String> parse(String name, int lineNo, String line) {
        try {
            return CsvLine.split(line);
        } catch (IllegalArgumentException e) {
            throw invalid(name + " line " + lineNo + ": " + e.getMessage());
        }
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
