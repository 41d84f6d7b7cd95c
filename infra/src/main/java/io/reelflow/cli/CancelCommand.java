package io.reelflow.cli;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.schema.ControlAction;
import io.reelflow.schema.ControlCommand;
import io.reelflow.schema.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Publishes a cancel command for one request on the control topic. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a request: dropped if it is waiting, stopped at its next denoising step if it is"
                + " sampling. Its result is then CANCELED; one already past sampling finishes as usual."})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--tenant", defaultValue = "demo", description = "The request's tenant (default ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--request-id", required = true, description = "The request's id.")
    String requestId;

    @Override
    public Integer call() throws Exception {
        ReelflowConfig cfg = config.load();
        ControlCommand command = ControlCommand.newBuilder().setTenantId(tenant).setRequestId(requestId)
                .setAction(ControlAction.CANCEL).setIssuedAt(Instant.now()).build();
        KafkaIo.send(cfg.kafka(), cfg.kafka().topics().control(), requestId.getBytes(StandardCharsets.UTF_8),
                SingleObjectCodec.of(ControlCommand.class).encode(command));
        System.out.println("cancel sent for " + tenant + "/" + requestId);
        return 0;
    }
}
