package io.reelflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reelflow} command line. Exit codes follow picocli: 0 ok, 1 failure, 2 usage error. */
@Command(
        name = "reelflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reelflow: prompt events in Kafka become stored, watermarked images and videos.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            SubmitCommand.class,
            CampaignCommand.class,
            TailCommand.class,
            ConfigCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ReelflowCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ReelflowCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
