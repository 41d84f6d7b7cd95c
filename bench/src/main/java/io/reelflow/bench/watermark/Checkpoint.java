package io.reelflow.bench.watermark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's progress on disk: one line per finished trial, appended and flushed as it finishes, so a run killed at
 * any point resumes where it stopped (a line cut short by the kill is ignored and its trial run again). The first
 * line records the settings the trials depend on; a checkpoint made with other settings is refused.
 */
final class Checkpoint implements AutoCloseable {

    private final Map<String, Trial> trials = new LinkedHashMap<>();
    private final BufferedWriter out;

    private Checkpoint(BufferedWriter out) {
        this.out = out;
    }

    /** Opens (or, with {@code fresh}, starts over) the checkpoint at {@code file} for a run with {@code settings}. */
    static Checkpoint open(Path file, String settings, boolean fresh) throws IOException {
        String header = "# " + settings;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (fresh) {
            Files.deleteIfExists(file);
        }
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        List<String> lines = text.lines().toList();
        if (!lines.isEmpty() && !lines.get(0).equals(header)) {
            throw new IllegalStateException(file + " was made with other settings (" + lines.get(0)
                    + "); pass --fresh to start over or --checkpoint to use another file");
        }
        Checkpoint checkpoint = new Checkpoint(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        if (lines.isEmpty()) {
            checkpoint.write(header);
        } else if (!text.endsWith("\n")) {
            checkpoint.write(""); // ends a line cut short by a kill, so the next trial starts on a line of its own
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            Trial trial = Trial.parse(line);
            if (trial != null) {
                checkpoint.trials.put(trial.key(), trial);
            }
        }
        return checkpoint;
    }

    boolean done(Item item, String attack) {
        return trials.containsKey(item.name() + "/" + attack);
    }

    void record(Trial trial) throws IOException {
        trials.put(trial.key(), trial);
        write(trial.line());
    }

    List<Trial> trials() {
        return new ArrayList<>(trials.values());
    }

    private void write(String line) throws IOException {
        out.write(line);
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
