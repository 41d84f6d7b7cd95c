package io.reelflow.operators.encode.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's log to SLF4J instead of stderr, and remembers the last error lines of each thread: FFmpeg's return
 * codes say little ("Generic error in an external library"), the reason is in the log (e.g. openh264's size limit).
 */
public final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("io.reelflow.ffmpeg");
    private static final int KEPT_LINES = 4;
    private static final ThreadLocal<Deque<String>> RECENT_ERRORS = ThreadLocal.withInitial(ArrayDeque::new);
    private static final Pattern ADDRESSES = Pattern.compile(" @ 0x[0-9a-f]+|this = 0x[0-9a-fx]+, ");
    private static FfmpegLog installed;

    private FfmpegLog() {}

    /** Installs the callback once per JVM; warnings and worse only (the info level prints every stream header). */
    public static synchronized void install() {
        if (installed == null) {
            installed = new FfmpegLog();
            avutil.setLogCallback(installed);
            avutil.av_log_set_level(AV_LOG_WARNING);
        }
    }

    /** Forgets this thread's earlier errors, before an operation whose errors we want to report. */
    public static void clearErrors() {
        RECENT_ERRORS.get().clear();
    }

    /** This thread's error lines since {@link #clearErrors()}, joined with "; ", or "" if none. */
    public static String recentErrors() {
        return String.join("; ", RECENT_ERRORS.get());
    }

    @Override
    public void call(int level, BytePointer message) {
        try {
            if (level > avutil.av_log_get_level()) {
                return;
            }
            String line = ADDRESSES.matcher(message.getString()).replaceAll("").strip();
            if (line.isEmpty()) {
                return;
            }
            if (level <= AV_LOG_ERROR) {
                Deque<String> recent = RECENT_ERRORS.get();
                if (recent.size() == KEPT_LINES) {
                    recent.removeFirst();
                }
                recent.addLast(line);
                LOG.warn(line);
            } else {
                LOG.debug(line);
            }
        } catch (RuntimeException e) {
            // Never let an exception unwind into FFmpeg's native frames.
        }
    }
}
