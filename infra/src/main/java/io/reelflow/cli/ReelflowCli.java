package io.reelflow.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code reelflow} command line. Exit codes follow picocli: 0 ok, 1 failure, 2 usage error. */
@Command(
        name = "reelflow",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reelflow: prompt events in Kafka become stored, watermarked images and videos.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            ClusterCommand.class,
            RunCommand.class,
            SubmitCommand.class,
            CancelCommand.class,
            BenchCommand.class,
            CampaignCommand.class,
            ReviewCommand.class,
            TailCommand.class,
            ConfigCommand.class,
            GenerateCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            SamplerCheckCommand.class,
            ModerateCommand.class,
            ProvenanceCommand.class,
            WatermarkCommand.class,
            BlocklistCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ReelflowCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ReelflowCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(ReelflowCli::reportFailure);
    }

    /** One line for people (the cause chain's messages); the stack trace goes to the log file. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        // INFO: the console shows only errors and the line below; the stack trace belongs in reelflow.log.
        LoggerFactory.getLogger(ReelflowCli.class).info("reelflow {} failed", commandLine.getCommandName(), e);
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (!message.toString().contains(text)) {
                message.append(message.isEmpty() ? "" : ": ").append(text);
            }
        }
        commandLine.getErr().println("reelflow " + commandLine.getCommandName() + ": " + message);
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }
}
