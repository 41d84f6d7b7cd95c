package io.reelflow.cli;

import io.reelflow.operators.encode.DecodedMedia;
import io.reelflow.operators.encode.MediaReader;
import io.reelflow.operators.moderation.Category;
import io.reelflow.operators.moderation.frames.FrameSampling;
import io.reelflow.operators.moderation.frames.HashAlgorithm;
import io.reelflow.operators.moderation.frames.HashBlocklist;
import io.reelflow.operators.moderation.frames.PerceptualHash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Builds the perceptual-hash blocklist that the input and output gates check frames against. */
@Command(name = "blocklist", mixinStandardHelpOptions = true, subcommands = BlocklistCommand.Hash.class,
        description = "Build the hash blocklist of known-bad images (moderation.frames.hash-blocklist; format in"
                + " docs/MODERATION.md, \"Hash blocklist\").")
final class BlocklistCommand {

    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = {"Print blocklist lines for images and videos: one per image, one per sampled frame of a"
                    + " video (first, last and every moderation.frames.sample-every). Append the output to the"
                    + " deployment's blocklist file.",
                "Nearly flat frames (a single colour) are skipped: their hash would match every flat frame. Each file"
                    + " is decoded whole (PNG, JPEG, MP4, WebM, anything FFmpeg reads); nothing is printed unless"
                    + " every file decodes."})
    static final class Hash implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Option(names = "--category", required = true, paramLabel = "ID",
                description = "The policy category the images belong to, e.g. violence_graphic.")
        String category;

        @Option(names = "--label", required = true, paramLabel = "TEXT",
                description = "What verdicts call a match, e.g. a case number; one line.")
        String label;

        @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "phash",
                description = "phash (default) or dhash.")
        String algorithm;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images and videos to hash.")
        List<Path> files;

        @Override
        public Integer call() throws IOException {
            Category chosen = Category.fromId(category).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown category '" + category + "' (" + Arrays.stream(Category.values()).map(Category::id)
                            .collect(Collectors.joining(", ")) + ")"));
            HashAlgorithm hash = HashAlgorithm.fromId(algorithm.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new ParameterException(spec.commandLine(), "unknown algorithm '" + algorithm + "' (phash, dhash)"));
            if (label.isBlank() || label.chars().anyMatch(Character::isISOControl)) {
                throw new ParameterException(spec.commandLine(), "--label must be one line of text");
            }
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new ParameterException(spec.commandLine(), file + ": no such file");
                }
            }
            FrameSampling sampling = new FrameSampling(config.load().moderation().frames().sampleEvery());
            List<String> lines = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (Path file : files) {
                DecodedMedia media;
                try {
                    media = MediaReader.read(file);
                } catch (IOException e) {
                    throw new IOException(file + " cannot be decoded: " + e.getMessage(), e);
                }
                lines.addAll(hash(file, media, sampling, hash, chosen, seen));
            }
            PrintWriter out = spec.commandLine().getOut();
            lines.forEach(out::println);
            out.flush();
            return 0;
        }

        /** A comment naming the file and what was hashed, then its entries (repeated hashes once). */
        private List<String> hash(Path file, DecodedMedia media, FrameSampling sampling, HashAlgorithm algorithm,
                Category chosen, Set<Long> seen) {
            int count = media.frames().count();
            double fps = count > 1 ? media.fps() : 0;
            List<String> entries = new ArrayList<>();
            List<Integer> flat = new ArrayList<>();
            for (int index : sampling.indexes(count, fps)) {
                if (PerceptualHash.flat(media.frames(), index)) {
                    flat.add(index);
                    continue;
                }
                long value = PerceptualHash.hash(algorithm, media.frames(), index);
                if (seen.add(value)) {
                    entries.add(new HashBlocklist.Entry(algorithm, value, chosen, label).line());
                }
            }
            List<String> lines = new ArrayList<>();
            lines.add("# " + file.getFileName() + ": " + sampling.describe(count, fps) + "; " + entries.size()
                    + " new entr" + (entries.size() == 1 ? "y" : "ies")
                    + (flat.isEmpty() ? "" : "; nearly flat, not hashed: frame" + (flat.size() == 1 ? " " : "s ")
                            + flat.stream().map(String::valueOf).collect(Collectors.joining(", "))));
            lines.addAll(entries);
            return lines;
        }
    }
}
