package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.infra.LocalRuntime;
import io.reelflow.infra.campaign.AtomicFiles;
import io.reelflow.infra.cluster.ClusterJobs;
import io.reelflow.infra.local.LocalKeys;
import io.reelflow.infra.local.LocalServers;
import io.reelflow.jobs.CampaignJob;
import io.reelflow.jobs.CampaignRuns;
import io.reelflow.operators.campaign.report.ManifestRow;
import io.reelflow.operators.campaign.run.CampaignLedger;
import io.reelflow.operators.campaign.run.RunPlan;
import io.reelflow.operators.campaign.spec.CampaignDefinition;
import io.reelflow.operators.campaign.spec.CampaignPlan;
import io.reelflow.operators.store.AssetStore;
import io.reelflow.schema.GenerationRequest;
import io.reelflow.schema.Priority;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reelflow campaign run FILE}: a campaign spec produced, resumably, within its budget, with its report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Produce a campaign spec's outputs (docs/CAMPAIGNS.md). Outputs its ledger says exist are skipped,",
            "the rest run in the spec's order while the budget covers them. By default a BATCH job on a MiniCluster",
            "in this process; --cluster URL runs it on a session cluster; --stream publishes the requests to Kafka at",
            "LOW priority for the streaming job instead. Shows a live progress line, then writes the manifest (CSV,",
            "JSON) and the HTML report to the object store and to --out. Against the configured Kafka and S3 (a running",
            "`reelflow up`), or with --embedded against servers started for this run. Exit code 1 if an output failed."})
final class CampaignRunCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "FILE", description = "The campaign spec.")
    Path file;

    @Option(names = "--cluster", paramLabel = "URL", description = "Run the campaign job on this session cluster.")
    String cluster;

    @Option(names = "--stream", description = "Publish the requests to Kafka at LOW priority for the streaming job.")
    boolean stream;

    @Option(names = "--embedded", description = "Start a Kafka broker and an S3 server for this run only.")
    boolean embedded;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "PT30M",
            description = {"With --stream: stop waiting once no output has ended for this long (ISO-8601, default"
                + " ${DEFAULT-VALUE}); the manifest shows what ended, and the streaming job may still serve the rest."})
    Duration idleTimeout;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the report, the manifests and the outputs they show are copied (default: <local.data-dir>/campaign-runs).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (stream && (embedded || cluster != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--stream hands the requests to a running streaming job: it goes without --embedded and --cluster");
        }
        // The campaign's own MiniCluster must not take the web UI port of a running `reelflow up`.
        config.overrides.add(0, "local.flink-rest-port=0");
        ReelflowConfig cfg = config.load();
        PrintStream err = System.err;
        Optional<CampaignDefinition> parsed = CampaignSpecCommands.read(file, cfg,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        if (parsed.isEmpty()) {
            return 1;
        }
        CampaignDefinition campaign = parsed.get();
        Path dataDir = Path.of(cfg.local().dataDir());
        Path outDir = out != null ? out : dataDir.resolve("campaign-runs");
        LocalRuntime.prepare(dataDir.resolve("cache"));
        Optional<LocalServers> servers = embedded ? Optional.of(LocalServers.start(cfg, dataDir)) : Optional.empty();
        ReelflowConfig running = servers.isPresent() ? servers.get().config() : LocalKeys.ensure(cfg);
        try (AssetStore store = AssetStore.builder().storage(running.storage()).build()) {
            CampaignRuns runs = new CampaignRuns(store, running.storage());
            CampaignRuns.Started started = runs.start(campaign, running, Instant.now());
            CampaignPlan plan = started.plan();
            RunPlan run = started.run();
            if (!started.ledger().held().isEmpty()) {
                err.printf("%d outputs are held for review (`reelflow review list`)%n", started.ledger().held().size());
            }
            err.println(started.headline());
            Optional<Throwable> failure = Optional.empty();
            if (!run.toRun().isEmpty()) {
                List<GenerationRequest> requests = started.requests();
                CampaignProgress progress = new CampaignProgress(runs, campaign.tenant(), campaign.id(), run);
                Followed followed;
                if (stream) {
                    publish(running, requests);
                    followed = follow(progress, null, idleTimeout, run);
                } else {
                    JobClient job = cluster != null
                            ? ClusterJobs.submitCampaignRun(cluster, running, campaign.id(), requests)
                            : local(running, dataDir, campaign.id(), requests);
                    // Ctrl-C must not leave the job producing on a cluster while a rerun starts a second one.
                    Thread cancel = new Thread(() -> job.cancel().join(), "cancel-campaign-job");
                    Runtime.getRuntime().addShutdownHook(cancel);
                    try {
                        followed = follow(progress, job, null, run);
                    } finally {
                        Runtime.getRuntime().removeShutdownHook(cancel);
                    }
                }
                failure = followed.failure();
                if (followed.budgetStop().isPresent()) {
                    err.println("stopped: " + followed.budgetStop().get());
                    run = run.stopped(progress.unfinished(), followed.budgetStop().get());
                    started = new CampaignRuns.Started(plan, started.ledger(), run);
                }
                failure.ifPresent(f -> err.println("the campaign job failed: " + rootMessage(f)
                        + "; the manifest shows what it finished, and a rerun resumes from there"));
            }
            CampaignRuns.Results results = runs.finish(started);
            Path local = copyLocally(store, running, results, outDir, campaign);
            return summarize(results, run, local, err) == 0 && failure.isEmpty() ? 0 : 1;
        } finally {
            if (servers.isPresent()) {
                servers.get().close();
            }
        }
    }

    private static JobClient local(ReelflowConfig running, Path dataDir, String campaignId,
            List<GenerationRequest> requests) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                LocalRuntime.flinkConfiguration(running, dataDir.resolve("campaigns"), Optional.empty()));
        CampaignJob.defineRun(env, running, campaignId, requests, Instant.now());
        return env.executeAsync(CampaignJob.jobName(campaignId));
    }

    /** Campaign requests go in at LOW priority whatever the spec says, so interactive traffic keeps its lane. */
    private static void publish(ReelflowConfig running, List<GenerationRequest> requests) throws Exception {
        SingleObjectCodec<GenerationRequest> codec = SingleObjectCodec.of(GenerationRequest.class);
        String topic = running.kafka().topics().requests();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (GenerationRequest request : requests) {
            request.setPriority(Priority.LOW);
            records.add(new ProducerRecord<>(topic, request.getRequestId().getBytes(StandardCharsets.UTF_8),
                    codec.encode(request)));
        }
        KafkaIo.send(running.kafka(), topic, records);
    }

    /** How following a run ended: the job's failure, if it failed; the reason, if its budget stopped it. */
    private record Followed(Optional<Throwable> failure, Optional<String> budgetStop) {
        static final Followed DONE = new Followed(Optional.empty(), Optional.empty());
    }

    /**
     * Polls the ledger until the run's outputs all have records, or (batch) its job ends, printing the progress line.
     * A batch job is cancelled once the device time measured reaches the budget ({@link RunPlan#overBudget}); a
     * stream's requests are already published and are not. The manifest is written either way.
     */
    private static Followed follow(CampaignProgress progress, JobClient job, Duration idleTimeout, RunPlan run)
            throws Exception {
        CompletableFuture<JobExecutionResult> end = job == null ? null : job.getJobExecutionResult();
        boolean tty = System.console() != null;
        String last = "";
        long lastPrinted = 0;
        long lastProgress = System.nanoTime();
        int finishedBefore = 0;
        Optional<String> budgetStop = Optional.empty();
        while (true) {
            boolean finished = progress.poll();
            boolean ended = end != null && end.isDone();
            String line = progress.line();
            long now = System.nanoTime();
            if (tty) {
                System.err.print("\r" + line);
            } else if (!line.equals(last) && (now - lastPrinted > 5_000_000_000L || finished || ended)) {
                System.err.println(line);
                lastPrinted = now;
            }
            last = line;
            if (finished || ended) {
                break;
            }
            if (job != null) {
                budgetStop = run.overBudget(progress.measuredSeconds());
                if (budgetStop.isPresent()) {
                    job.cancel().get();
                    break;
                }
            }
            if (progress.finished() != finishedBefore) {
                finishedBefore = progress.finished();
                lastProgress = now;
            } else if (idleTimeout != null && now - lastProgress > idleTimeout.toNanos()) {
                if (tty) {
                    System.err.println();
                }
                return new Followed(Optional.of(new IllegalStateException("no output ended for " + idleTimeout
                        + " (--idle-timeout): is the streaming job running and reading the requests topic?")),
                        Optional.empty());
            }
            Thread.sleep(POLL.toMillis());
        }
        if (tty) {
            System.err.println();
        }
        if (end == null) {
            return Followed.DONE;
        }
        try {
            end.get(); // once every output is recorded the job is about to end
            return Followed.DONE;
        } catch (ExecutionException e) {
            return budgetStop.isPresent() ? new Followed(Optional.empty(), budgetStop) // cancelled, as asked
                    : new Followed(Optional.of(e.getCause() == null ? e : e.getCause()), Optional.empty());
        } finally {
            progress.poll();
        }
    }

    /** The report, manifests and the media the report shows, under {@code out} in the bucket's layout. */
    private static Path copyLocally(AssetStore store, ReelflowConfig running, CampaignRuns.Results results, Path out,
            CampaignDefinition campaign) throws Exception {
        Path folder = out.resolve(campaign.tenant()).resolve("campaigns").resolve(campaign.id());
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : results.files().entrySet()) {
            AtomicFiles.write(folder.resolve(file.getKey()), file.getValue());
        }
        String bucket = "s3://" + running.storage().bucket() + "/";
        for (ManifestRow row : results.manifest().rows()) {
            if (!row.status().equals("SUCCEEDED")) {
                continue;
            }
            for (String uri : new String[] {row.objectUri(), row.posterUri()}) {
                if (uri != null && uri.startsWith(bucket)) {
                    Path target = out.resolve(uri.substring(bucket.length())).normalize();
                    if (target.startsWith(out.normalize()) && !Files.exists(target)) {
                        AtomicFiles.write(target, store.read(uri, Integer.MAX_VALUE - 64));
                    }
                }
            }
        }
        return folder.resolve("report.html");
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return failure.getMessage() + (root == failure ? "" : " (" + root + ")");
    }

    private static int summarize(CampaignRuns.Results results, RunPlan run, Path localReport, PrintStream err) {
        err.println(results.statusLine());
        CampaignRuns.leftUndone(run, 10).forEach(err::println);
        System.out.println("manifest: " + results.csvUri());
        System.out.println("manifest: " + results.jsonUri());
        System.out.println("report: " + results.reportUri());
        System.out.println("local report: " + localReport.toAbsolutePath());
        Set<String> ran = run.toRun().stream().map(t -> t.output().key().path()).collect(Collectors.toSet());
        boolean failures = results.manifest().rows().stream().anyMatch(r -> ran.contains(r.key().path())
                && !r.status().equals("SUCCEEDED") && !r.status().equals(CampaignLedger.HELD));
        return failures ? 1 : 0;
    }
}
