package io.reelflow.operators.generate.eval;

import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.internal.ClipSampler;
import io.reelflow.operators.generate.internal.Timeline;
import io.reelflow.operators.generate.world.ClipAnalyser;
import io.reelflow.operators.generate.world.Geometry;
import io.reelflow.operators.generate.world.Scene;
import io.reelflow.operators.generate.world.SceneRenderer;
import io.reelflow.pipeline.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Samples each {@link EvalCase} with a model at its native size and reads the result back with the
 * {@link ClipAnalyser}. For modes with given frames it also measures how faithfully they are kept (PSNR of the given
 * frames in the output) and how smooth the seams are (mean absolute difference across each seam over the median
 * difference between neighbouring generated frames).
 */
public final class ShapeWorldEval {

    /** One sampled case: its analysis of the generated frames, the frames, and the mode-specific measurements. */
    public record Result(EvalCase evalCase, ClipAnalyser.Reading reading, Frames frames, boolean[] generated,
            double givenPsnr, double seamRatio, double seconds) {

        public boolean backgroundRight() {
            return reading.background() == evalCase.expected().background();
        }

        public boolean colourRight() {
            return reading.colour() == evalCase.expected().colour();
        }

        public boolean shapeRight() {
            return reading.shape() == evalCase.expected().shape();
        }

        public boolean motionRight() {
            return evalCase.image() || reading.motion() == evalCase.expected().motion();
        }
    }

    private final GenerationModel model;
    private final Sampler sampler;
    private final int steps;
    private final double guidance;
    private final double shift;

    public ShapeWorldEval(GenerationModel model, Sampler sampler, int steps, double guidance, double shift) {
        this.model = model;
        this.sampler = sampler;
        this.steps = steps;
        this.guidance = guidance;
        this.shift = shift;
    }

    public List<Result> run(List<EvalCase> cases, NDManager manager, Consumer<Result> progress) {
        List<Result> results = new ArrayList<>();
        for (EvalCase evalCase : cases) {
            long started = System.nanoTime();
            Timeline timeline = timeline(evalCase);
            boolean[] generated = new boolean[timeline.count()];
            byte[][] given = new byte[timeline.count()][]; // kept before sampling fills the timeline
            for (int i = 0; i < generated.length; i++) {
                generated[i] = !timeline.given(i);
                given[i] = timeline.frameCopy(i);
            }
            Frames clip = ClipSampler.sample(model, sampler, new SamplingSettings(sampler.name(), steps, guidance,
                    shift, evalCase.seed(), evalCase.prompt(), ""), timeline, manager);
            Frames generatedFrames = select(clip, generated);
            Result result = new Result(evalCase, ClipAnalyser.read(generatedFrames), clip, generated,
                    givenPsnr(given, clip), seamRatio(clip, generated),
                    (System.nanoTime() - started) / 1e9);
            results.add(result);
            progress.accept(result);
        }
        return results;
    }

    /** The case's timeline: its given clips rendered from the world and placed as the mode says. */
    static Timeline timeline(EvalCase c) {
        int w = c.width();
        int h = c.height();
        int g = c.givenFrames();
        SplittableRandom random = new SplittableRandom(c.seed());
        if (!c.mode().startsWith("text-to-") && c.given().isEmpty()) {
            throw new IllegalArgumentException("case " + c.id() + ": " + c.mode() + " needs a given scene");
        }
        return switch (c.mode()) {
            case "text-to-image" -> Timeline.empty(w, h, 1);
            case "text-to-video" -> Timeline.empty(w, h, c.frames());
            case "image-to-video" -> Timeline.empty(w, h, c.frames()).place(render(c.given().get(0), w, h, 1, random), 0);
            case "extend-forward" -> {
                Frames whole = render(c.given().get(0), w, h, g + c.frames(), random);
                yield Timeline.empty(w, h, g + c.frames()).place(whole.slice(0, g), 0);
            }
            case "extend-backward" -> {
                Frames whole = render(c.given().get(0), w, h, g + c.frames(), random);
                yield Timeline.empty(w, h, g + c.frames()).place(whole.slice(c.frames(), g), c.frames());
            }
            case "connect" -> {
                Frames whole = render(c.given().get(0), w, h, 2 * g + c.frames(), random);
                yield Timeline.empty(w, h, 2 * g + c.frames())
                        .place(whole.slice(0, g), 0)
                        .place(whole.slice(g + c.frames(), g), g + c.frames());
            }
            case "edit" -> Timeline.empty(w, h, c.frames())
                    .editing(render(c.given().get(0), w, h, c.frames(), random), c.strength());
            default -> throw new IllegalArgumentException("unknown eval mode " + c.mode());
        };
    }

    private static Frames render(Scene scene, int w, int h, int frames, SplittableRandom random) {
        return new Frames(w, h, frames,
                SceneRenderer.render(scene, Geometry.random(scene.motion(), w, h, frames, random), w, h, frames));
    }

    private static Frames select(Frames frames, boolean[] keep) {
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        byte[] rgb = new byte[count * frames.frameBytes()];
        int at = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                System.arraycopy(frames.rgb(), frames.offset(i), rgb, at, frames.frameBytes());
                at += frames.frameBytes();
            }
        }
        return new Frames(frames.width(), frames.height(), count, rgb);
    }

    /** PSNR of the output's given frames against the inputs (infinite when kept exactly); NaN without inputs. */
    private static double givenPsnr(byte[][] given, Frames clip) {
        double squared = 0;
        long values = 0;
        for (int i = 0; i < given.length; i++) {
            if (given[i] != null) {
                for (int v = 0; v < given[i].length; v++) {
                    double d = (clip.rgb()[clip.offset(i) + v] & 0xFF) - (given[i][v] & 0xFF);
                    squared += d * d;
                }
                values += given[i].length;
            }
        }
        if (values == 0) {
            return Double.NaN;
        }
        double mse = squared / values;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    /**
     * The worst seam: mean absolute difference between the frames on either side of a boundary between given and
     * generated frames, over the median difference between neighbouring generated frames. NaN without seams.
     */
    static double seamRatio(Frames clip, boolean[] generated) {
        List<Double> neighbours = new ArrayList<>();
        List<Double> seams = new ArrayList<>();
        for (int i = 0; i + 1 < generated.length; i++) {
            double mad = meanAbsoluteDifference(clip, i, i + 1);
            if (generated[i] && generated[i + 1]) {
                neighbours.add(mad);
            } else if (generated[i] != generated[i + 1]) {
                seams.add(mad);
            }
        }
        if (seams.isEmpty() || neighbours.isEmpty()) {
            return Double.NaN;
        }
        double median = neighbours.stream().mapToDouble(Double::doubleValue).sorted().toArray()[neighbours.size() / 2];
        double worst = seams.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return worst / Math.max(median, 0.5); // half a level: identical frames do not make any change a bad seam
    }

    static double meanAbsoluteDifference(Frames clip, int a, int b) {
        long sum = 0;
        int bytes = clip.frameBytes();
        for (int v = 0; v < bytes; v++) {
            sum += Math.abs((clip.rgb()[clip.offset(a) + v] & 0xFF) - (clip.rgb()[clip.offset(b) + v] & 0xFF));
        }
        return sum / (double) bytes;
    }
}
