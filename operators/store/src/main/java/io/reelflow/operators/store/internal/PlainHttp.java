package io.reelflow.operators.store.internal;

import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** An HTTP client for S3 over plain HTTP, configured like the MinIO SDK's default one minus its TLS setup. */
public final class PlainHttp {

    /** The SDK's own timeouts: generous, since one request may upload a whole video. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private PlainHttp() {}

    public static OkHttpClient client() {
        return new OkHttpClient.Builder()
                .connectTimeout(TIMEOUT)
                .writeTimeout(TIMEOUT)
                .readTimeout(TIMEOUT)
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }
}
