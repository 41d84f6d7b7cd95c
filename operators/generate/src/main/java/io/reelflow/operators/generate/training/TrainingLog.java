package io.reelflow.operators.generate.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The per-step CSV log. On resume, rows after the checkpoint's step are dropped: they will be trained again. */
final class TrainingLog implements AutoCloseable {

    static final String HEADER = "step,loss,gradient_norm,learning_rate,batch,frames,width,height,seconds";

    private final BufferedWriter writer;

    private TrainingLog(BufferedWriter writer) {
        this.writer = writer;
    }

    static TrainingLog open(Path file, int resumedAt) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // a run killed mid-write leaves a partial last line: keep only whole rows up to the checkpoint
                String[] fields = line.split(",");
                if (fields.length == HEADER.split(",").length && fields[0].matches("\\d+")
                        && Integer.parseInt(fields[0]) <= resumedAt) {
                    kept.add(line);
                }
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
        return new TrainingLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    void append(ReferenceTrainer.StepLog entry) throws IOException {
        writer.write(String.format(Locale.ROOT, "%d,%.6f,%.4f,%.3e,%d,%d,%d,%d,%.3f%n", entry.step(), entry.loss(),
                entry.gradientNorm(), entry.learningRate(), entry.batch(), entry.frames(), entry.width(),
                entry.height(), entry.seconds()));
    }

    void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
