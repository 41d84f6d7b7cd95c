package io.reelflow.cli;

import picocli.CommandLine.Command;

/** The invisible watermark on files from anywhere: embed a payload, or read one back (and look it up). */
@Command(name = "watermark", mixinStandardHelpOptions = true,
        subcommands = {WatermarkEmbedCommand.class, WatermarkVerifyCommand.class},
        description = "Embed or read Reelflow's invisible watermark in a PNG, JPEG, MP4 or WebM file, with the"
                + " deployment's secret (watermark.secret, REELFLOW_WATERMARK_SECRET).")
final class WatermarkCommand {}
