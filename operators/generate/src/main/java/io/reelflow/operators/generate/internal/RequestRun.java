package io.reelflow.operators.generate.internal;

import ai.djl.ndarray.NDManager;
import io.reelflow.operators.generate.GenerationModel;
import io.reelflow.operators.generate.Sampler;
import io.reelflow.operators.generate.SamplingSettings;
import io.reelflow.operators.generate.TextConditioning;
import io.reelflow.pipeline.Frames;
import java.util.List;

/**
 * One request being sampled: its {@link Timeline}'s missing frames filled window by window (see {@link Windows}),
 * each window a {@link WindowRun} stepped alone ({@link ClipSampler}) or batched with other requests' windows by a
 * serving worker. Owns its arrays, in a sub-manager of the driving thread's manager, until closed.
 */
public final class RequestRun implements AutoCloseable {

    private final GenerationModel model;
    private final Sampler sampler;
    private final SamplingSettings settings;
    private final Timeline timeline;
    private final List<Windows.Window> windows;
    private final NDManager manager;
    private final TextConditioning text;
    private int index;
    private WindowRun current;
    private int stepsBefore;

    private RequestRun(GenerationModel model, Sampler sampler, SamplingSettings settings, Timeline timeline,
            List<Windows.Window> windows, NDManager manager, TextConditioning text) {
        this.model = model;
        this.sampler = sampler;
        this.settings = settings;
        this.timeline = timeline;
        this.windows = windows;
        this.manager = manager;
        this.text = text;
    }

    /** Plans the windows and encodes the prompts; the first window is prepared when first asked for. */
    public static RequestRun start(GenerationModel model, Sampler sampler, SamplingSettings settings,
            Timeline timeline, NDManager parent) {
        if (timeline.hasGivenFrames() && !model.denoiser().takesKnownFrames()) {
            throw new IllegalArgumentException(model.manifest().id() + " cannot be given frames");
        }
        List<Windows.Window> windows = plan(model, timeline);
        NDManager manager = parent.newSubManager();
        try {
            TextConditioning text = model.textEncoder().encode(manager, List.of(settings.negativePrompt(),
                    settings.prompt()));
            return new RequestRun(model, sampler, settings, timeline, windows, manager, text);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Frames in the first window {@code model} samples of {@code timeline} (0 if nothing is missing). */
    public static int firstWindowFrames(GenerationModel model, Timeline timeline) {
        List<Windows.Window> windows = plan(model, timeline);
        return windows.isEmpty() ? 0 : windows.get(0).frames();
    }

    private static List<Windows.Window> plan(GenerationModel model, Timeline timeline) {
        int size = model.denoiser().takesKnownFrames() ? model.windowFrames() : timeline.count();
        int context = Math.min(model.contextFrames(), (size - 1) / 2);
        return Windows.plan(timeline, size, context);
    }

    /** The window to step now, prepared on first call; null once every window is done. */
    public WindowRun window() {
        if (current == null && index < windows.size()) {
            current = WindowRun.start(model, sampler, settings, timeline, windows.get(index), index, text, manager);
        }
        return current;
    }

    /** Writes the finished current window into the timeline; the next call to {@link #window} starts the next. */
    public void finishWindow() {
        if (current == null || !current.done()) {
            throw new IllegalStateException("the current window has steps left");
        }
        stepsBefore += current.steps();
        current.finish(model, timeline);
        current = null;
        index++;
    }

    public boolean done() {
        return index >= windows.size();
    }

    /** Denoising steps taken so far, over every window. */
    public int stepsTaken() {
        return stepsBefore + (current == null ? 0 : current.stepsTaken());
    }

    /** Denoising steps in all: every window takes as many as the first. */
    public int stepsTotal() {
        WindowRun first = window();
        int perWindow = first != null ? first.steps() : index == 0 ? 0 : stepsBefore / index;
        return perWindow * windows.size();
    }

    public Frames frames() {
        return timeline.toFrames();
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
        manager.close();
    }
}
