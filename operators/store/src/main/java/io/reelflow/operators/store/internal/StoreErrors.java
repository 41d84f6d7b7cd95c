package io.reelflow.operators.store.internal;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.util.Set;

/** Tells transient object store failures (worth another attempt) from permanent ones, and describes them. */
public final class StoreErrors {

    /** S3 error codes that mean "try again later" whatever the status says. */
    private static final Set<String> TRANSIENT_CODES =
            Set.of("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "OperationAborted");

    private StoreErrors() {}

    /** I/O failures (connection refused or reset, timeouts), 5xx, 408, 429 and throttling codes. */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof io.reelflow.operators.store.AssetStore.UnusableObject) {
                return false; // missing or too large: the same on every attempt
            }
            if (t instanceof ErrorResponseException e) {
                return isTransientStatus(e.response() == null ? 0 : e.response().code())
                        || (e.errorResponse() != null && TRANSIENT_CODES.contains(e.errorResponse().code()));
            }
            if (t instanceof ServerException e) {
                return isTransientStatus(e.statusCode());
            }
            if (t instanceof InvalidResponseException || t instanceof IOException) {
                // a non-S3 response (a proxy's HTML error page) or the connection itself failed
                return true;
            }
        }
        return false;
    }

    /** One line for a result's error message: the S3 error code and message, or the root cause. */
    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException e && e.errorResponse() != null) {
                return e.errorResponse().code() + ": " + e.errorResponse().message();
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static boolean isTransientStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
