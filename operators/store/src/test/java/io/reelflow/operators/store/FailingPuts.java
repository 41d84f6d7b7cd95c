package io.reelflow.operators.store;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Answers the first {@code failures} uploads (under {@code prefix}) with {@code status}; counts every upload. */
final class FailingPuts extends ForwardingBlobStore {
    final AtomicInteger puts = new AtomicInteger();
    private final AtomicInteger matching = new AtomicInteger();
    private final int status;
    private final int failures;
    private final String prefix;

    FailingPuts(BlobStore delegate, int status, int failures) {
        this(delegate, status, failures, "");
    }

    FailingPuts(BlobStore delegate, int status, int failures, String prefix) {
        super(delegate);
        this.status = status;
        this.failures = failures;
        this.prefix = prefix;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        puts.incrementAndGet();
        if (request.key().startsWith(prefix) && matching.incrementAndGet() <= failures) {
            throw S3Exceptions.fromStatusCode(status);
        }
        return super.putBlob(request, content);
    }
}
