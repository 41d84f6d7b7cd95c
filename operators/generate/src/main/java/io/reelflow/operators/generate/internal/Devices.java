package io.reelflow.operators.generate.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** generation.device to the DJL devices that get an inference worker each. */
public final class Devices {

    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {}

    /** "cpu", or "gpu": every GPU the process sees, else the CPU (logged). */
    public static List<Device> resolve(String configured) {
        return switch (configured) {
            case "cpu" -> List.of(Device.cpu());
            case "gpu" -> {
                int gpus = Engine.getEngine(SpacetimeDitArchitecture.ENGINE).getGpuCount();
                if (gpus > 0) {
                    yield IntStream.range(0, gpus).mapToObj(Device::gpu).toList();
                }
                LOG.warn("generation.device is gpu but no GPU is visible; sampling on the CPU");
                yield List.of(Device.cpu());
            }
            default -> throw new IllegalArgumentException("generation.device must be cpu or gpu, got " + configured);
        };
    }
}
