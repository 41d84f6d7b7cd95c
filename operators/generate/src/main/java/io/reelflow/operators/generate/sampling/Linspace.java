package io.reelflow.operators.generate.sampling;

/**
 * Evenly spaced values computed the way the libraries diffusers calls compute them, so schedules built from them
 * agree with diffusers to the last bit: {@code torch.linspace} in float32 and {@code numpy.linspace} /
 * {@code numpy.arange} in float64.
 */
public final class Linspace {

    private Linspace() {}

    /**
     * {@code torch.linspace(start, end, count, dtype=torch.float32)}: PyTorch's CPU kernel works in float32, stepping
     * up from {@code start} for the first half and down from {@code end} for the second (so both ends are exact),
     * each value one fused multiply-add. Checked bit for bit against PyTorch 2.7 in the tests.
     */
    public static float[] torchFloat32(double start, double end, int count) {
        float from = (float) start;
        float to = (float) end;
        float[] values = new float[count];
        if (count == 1) {
            values[0] = from;
            return values;
        }
        float step = (to - from) / (float) (count - 1);
        int halfway = count / 2;
        for (int i = 0; i < count; i++) {
            values[i] = i < halfway ? Math.fma(step, (float) i, from) : Math.fma(-step, (float) (count - 1 - i), to);
        }
        return values;
    }

    /** {@code numpy.linspace(start, stop, count)}: {@code start + i * step} in float64, the last value {@code stop}. */
    public static double[] numpy(double start, double stop, int count) {
        double[] values = new double[count];
        if (count == 1) {
            values[0] = start;
            return values;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            values[i] = step == 0 ? i / (double) (count - 1) * (stop - start) + start : i * step + start;
        }
        values[count - 1] = stop;
        return values;
    }

    /**
     * {@code numpy.arange(start, stop, step)} for a float step: numpy stores {@code start} and {@code start + step},
     * then fills {@code start + i * delta} with delta recomputed as their difference, which is not always {@code step}.
     */
    public static double[] numpyArange(double start, double stop, double step) {
        int count = (int) Math.max(0, Math.ceil((stop - start) / step));
        double delta = (start + step) - start;
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i == 0 ? start : i == 1 ? start + step : start + i * delta;
        }
        return values;
    }
}
