package io.reelflow.cli;

import picocli.CommandLine.Command;

/** Benchmarks that anyone can reproduce on the embedded stack; figures go to docs/BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchServingCommand.class, BenchLatencyCommand.class,
        BenchScalingCommand.class},
        description = "Run a benchmark: serving (batching gain, pipeline efficiency), latency (open-loop load, priority,"
                + " overload), scaling (1 and 2 TaskManagers of a standalone cluster).")
final class BenchCommand {}
