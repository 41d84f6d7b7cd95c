package io.reelflow.cli;

import picocli.CommandLine.Command;

/** Benchmarks that anyone can reproduce on the embedded stack; figures go to docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchServingCommand.class,
        description = "Run a benchmark: serving (batching gain and pipeline efficiency).")
final class BenchCommand {}
