package io.reelflow.cli;

import io.reelflow.operators.generate.NoiseSchedule;
import io.reelflow.operators.generate.Prediction;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplerCheck;
import io.reelflow.operators.generate.SamplerOptions;
import io.reelflow.operators.generate.Samplers;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TimestepSpacing;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs diffusers' scheduler full-loop test protocol with one of our samplers. */
@Command(name = "sampler-check", mixinStandardHelpOptions = true,
        description = {"Run diffusers' scheduler full-loop test protocol with one sampler and print sum_abs and "
                + "mean_abs of the final sample, to compare with what tests/schedulers/test_scheduler_*.py assert.",
            "The sample is diffusers' dummy_sample_deter (4x3x8x8) and the model x * t / (t + 1).",
            "Example (test_full_loop_no_noise of DDIM): reelflow sampler-check --scheduler ddim --clip-sample",
            "Exit code: 0 when it ran, 2 for options that do not fit the scheduler."})
final class SamplerCheckCommand implements Callable<Integer> {

    private static final List<String> SCHEDULERS =
            List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M, Samplers.FLOW_EULER);

    /** Options that configure only some schedulers; giving them to another is a usage error. */
    private static final Map<String, List<String>> ONLY_FOR = Map.ofEntries(
            Map.entry("--karras", List.of(Samplers.EULER, Samplers.DPMPP_2M)),
            Map.entry("--shift", List.of(Samplers.FLOW_EULER)),
            Map.entry("--image-seq-len", List.of(Samplers.FLOW_EULER)),
            Map.entry("--set-alpha-to-one", List.of(Samplers.DDIM)),
            Map.entry("--clip-sample", List.of(Samplers.DDIM)),
            Map.entry("--clip-sample-range", List.of(Samplers.DDIM)),
            Map.entry("--eta", List.of(Samplers.DDIM)),
            Map.entry("--lower-order-final", List.of(Samplers.DPMPP_2M)),
            Map.entry("--final-sigma", List.of(Samplers.DPMPP_2M)),
            Map.entry("--schedule", List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M)),
            Map.entry("--beta-start", List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M)),
            Map.entry("--beta-end", List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M)),
            Map.entry("--spacing", List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M)),
            Map.entry("--steps-offset", List.of(Samplers.DDIM, Samplers.EULER, Samplers.DPMPP_2M)));

    @Spec
    CommandSpec spec;

    @Option(names = "--scheduler", paramLabel = "NAME", required = true,
            description = "ddim, euler, dpmpp-2m or flow-euler.")
    String scheduler;

    @Option(names = "--prediction", paramLabel = "TYPE",
            description = "epsilon or v (default epsilon); flow for flow-euler (its default).")
    String prediction;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "linear",
            description = "Beta schedule: linear, scaled-linear or cosine (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--beta-start", paramLabel = "B", defaultValue = "0.0001",
            description = "First beta (default ${DEFAULT-VALUE}).")
    double betaStart;

    @Option(names = "--beta-end", paramLabel = "E", defaultValue = "0.02",
            description = "Last beta (default ${DEFAULT-VALUE}).")
    double betaEnd;

    @Option(names = "--train-steps", paramLabel = "T", defaultValue = "1000",
            description = "Training timesteps (default ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
            description = "Inference steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--karras", description = "Karras sigmas (euler, dpmpp-2m).")
    boolean karras;

    @Option(names = "--shift", paramLabel = "S", defaultValue = "1.0",
            description = "Static flow shift (default ${DEFAULT-VALUE}).")
    double shift;

    @Option(names = "--image-seq-len", paramLabel = "TOKENS",
            description = "flow-euler: shift dynamically for this many latent tokens (calculate_shift's defaults).")
    Long imageSeqLen;

    @Option(names = "--set-alpha-to-one", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "ddim: final alpha-bar of 1 (default ${DEFAULT-VALUE}).")
    boolean setAlphaToOne;

    @Option(names = "--clip-sample", description = "ddim: clip the predicted sample (diffusers' tests do).")
    boolean clipSample;

    @Option(names = "--clip-sample-range", paramLabel = "R", defaultValue = "1.0",
            description = "ddim: clipping range (default ${DEFAULT-VALUE}).")
    double clipSampleRange;

    @Option(names = "--eta", paramLabel = "ETA", defaultValue = "0",
            description = "ddim: weight of fresh noise (default ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--spacing", paramLabel = "leading|trailing|linspace",
            description = "Timestep spacing: leading, trailing or linspace (default leading for ddim, else linspace).")
    String spacing;

    @Option(names = "--steps-offset", paramLabel = "K", defaultValue = "0",
            description = "Offset of leading timesteps (default ${DEFAULT-VALUE}).")
    int stepsOffset;

    @Option(names = "--lower-order-final", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "dpmpp-2m: first-order last step below 15 steps (default ${DEFAULT-VALUE}; "
                    + "diffusers' tests use false).")
    boolean lowerOrderFinal;

    @Option(names = "--final-sigma", defaultValue = "zero", paramLabel = "zero|sigma-min",
            description = "dpmpp-2m: where the last step ends (default ${DEFAULT-VALUE}; diffusers' tests use "
                    + "sigma-min).")
    String finalSigma;

    @Option(names = "--noise-at-step", paramLabel = "STEP",
            description = "Run test_full_loop_with_noise instead: add dummy_noise_deter at this step, start there.")
    Integer noiseAtStep;

    @Override
    public Integer call() {
        Sampler sampler;
        Prediction modelPrediction;
        SamplingSettings settings;
        try {
            requireApplicableOptions();
            sampler = Samplers.create(options());
            modelPrediction = prediction != null ? Prediction.parse(prediction)
                    : Samplers.FLOW_EULER.equals(scheduler) ? Prediction.FLOW : Prediction.EPSILON;
            if (!sampler.supports(modelPrediction)) {
                throw new IllegalArgumentException(scheduler + " does not drive " + modelPrediction + " models");
            }
            settings = new SamplingSettings(sampler.name(), steps, 1.0, shift, 0L, "", "");
            if (noiseAtStep != null && (noiseAtStep < 0 || noiseAtStep >= steps)) {
                throw new IllegalArgumentException("--noise-at-step must be in [0, " + steps + ")");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        long tokens = imageSeqLen == null ? 0 : imageSeqLen;
        SamplerCheck.Result result = noiseAtStep == null
                ? SamplerCheck.fullLoop(sampler, modelPrediction, settings, tokens)
                : SamplerCheck.fullLoopWithNoise(sampler, modelPrediction, settings, tokens, noiseAtStep);
        spec.commandLine().getOut().println(result);
        return 0;
    }

    private void requireApplicableOptions() {
        if (!SCHEDULERS.contains(scheduler)) {
            throw new IllegalArgumentException("unknown scheduler '" + scheduler + "' (one of " + SCHEDULERS + ")");
        }
        ONLY_FOR.forEach((option, schedulers) -> {
            if (spec.commandLine().getParseResult().hasMatchedOption(option) && !schedulers.contains(scheduler)) {
                throw new IllegalArgumentException(option + " does not apply to " + scheduler);
            }
        });
    }

    private SamplerOptions options() {
        NoiseSchedule noise = new NoiseSchedule(NoiseSchedule.Kind.parse(schedule), betaStart, betaEnd, trainSteps);
        return switch (scheduler) {
            case Samplers.DDIM -> new SamplerOptions.Ddim(noise, spacing(TimestepSpacing.LEADING), stepsOffset,
                    setAlphaToOne, clipSample, clipSampleRange, eta);
            case Samplers.EULER -> new SamplerOptions.Euler(noise, spacing(TimestepSpacing.LINSPACE), stepsOffset,
                    karras);
            case Samplers.DPMPP_2M -> new SamplerOptions.DpmSolver(noise, spacing(TimestepSpacing.LINSPACE),
                    stepsOffset, karras, lowerOrderFinal, finalSigma());
            default -> new SamplerOptions.FlowMatch(trainSteps,
                    imageSeqLen == null ? null : SamplerOptions.DynamicShift.diffusersDefault());
        };
    }

    private TimestepSpacing spacing(TimestepSpacing schedulerDefault) {
        return spacing == null ? schedulerDefault : TimestepSpacing.parse(spacing);
    }

    private SamplerOptions.FinalSigma finalSigma() {
        return switch (finalSigma.trim().toLowerCase(Locale.ROOT)) {
            case "zero" -> SamplerOptions.FinalSigma.ZERO;
            case "sigma-min", "sigma_min" -> SamplerOptions.FinalSigma.SIGMA_MIN;
            default -> throw new IllegalArgumentException("--final-sigma is zero or sigma-min, not " + finalSigma);
        };
    }
}
