package io.reelflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SamplerCheckCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = ReelflowCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void reproducesDiffusersDdimFullLoopNoNoise() {
        // diffusers tests/schedulers/test_scheduler_ddim.py, test_full_loop_no_noise: 172.0067 and 0.223967
        int exit = execute("sampler-check", "--scheduler", "ddim", "--prediction", "epsilon", "--schedule", "linear",
                "--beta-start", "0.0001", "--beta-end", "0.02", "--train-steps", "1000", "--steps", "10",
                "--set-alpha-to-one", "true", "--clip-sample");

        assertThat(exit).as(err.toString()).isZero();
        Matcher line = Pattern.compile("sum_abs=(\\S+) mean_abs=(\\S+)\\s*").matcher(out.toString());
        assertThat(line.matches()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(line.group(1))).isCloseTo(172.0067, within(1e-3));
        assertThat(Double.parseDouble(line.group(2))).isCloseTo(0.223967, within(1e-6));
    }

    @Test
    void reproducesDiffusersDpmSolverWithNoise() {
        // test_scheduler_dpm_multi.py, test_full_loop_with_noise: 318.4111 and 0.4146
        int exit = execute("sampler-check", "--scheduler", "dpmpp-2m", "--lower-order-final", "false",
                "--final-sigma", "sigma-min", "--noise-at-step", "5");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("sum_abs=318.41");
    }

    @Test
    void optionsOfAnotherSchedulerAreUsageErrors() {
        assertThat(execute("sampler-check", "--scheduler", "ddim", "--karras")).isEqualTo(2);
        assertThat(err.toString()).contains("--karras does not apply to ddim");
        assertThat(execute("sampler-check", "--scheduler", "flow-euler", "--prediction", "epsilon")).isEqualTo(2);
        assertThat(execute("sampler-check", "--scheduler", "heun")).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }
}
