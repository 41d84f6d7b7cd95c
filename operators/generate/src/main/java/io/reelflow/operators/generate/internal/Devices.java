package io.reelflow.operators.generate.internal;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** generation.device to a DJL device. */
public final class Devices {

    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);

    private Devices() {}

    /** "cpu", or "gpu": every GPU the process sees, else the CPU (logged). */
    public static java.util.List<Device> resolveAll(String configured) {
        if ("gpu".equals(configured)) {
            int gpus = Engine.getEngine(SpacetimeDitArchitecture.ENGINE).getGpuCount();
            if (gpus > 0) {
                return java.util.stream.IntStream.range(0, gpus).mapToObj(Device::gpu).toList();
            }
        }
        return java.util.List.of(resolve(configured));
    }

    /** "cpu", or "gpu": the first GPU when the process sees one, else the CPU (logged). */
    public static Device resolve(String configured) {
        return switch (configured) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getEngine(SpacetimeDitArchitecture.ENGINE).getGpuCount() > 0) {
                    yield Device.gpu();
                }
                LOG.warn("generation.device is gpu but no GPU is visible; sampling on the CPU");
                yield Device.cpu();
            }
            default -> throw new IllegalArgumentException("generation.device must be cpu or gpu, got " + configured);
        };
    }
}
