package io.reelflow.infra.local;

import io.reelflow.config.StorageConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible server in this JVM (S3Proxy) storing objects as files under a data directory, with SigV4 (and V2)
 * authentication by {@code storage.access-key}/{@code storage.secret-key}, on the host:port of
 * {@code storage.endpoint} (port 0: a free one). It creates the output, quarantine and shared input buckets, and any
 * more the caller names.
 */
public final class EmbeddedS3 implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    /** How long stop waits for open connections: enough for an upload to finish, short for idle keep-alives. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final S3Proxy proxy;
    private final String endpoint;

    private EmbeddedS3(S3Proxy proxy, String host) {
        this.proxy = proxy;
        this.endpoint = "http://" + host + ":" + proxy.getPort(); // the bound port, also when 0 was asked for
    }

    public static EmbeddedS3 start(StorageConfig storage, Path dataDir, String... moreBuckets) throws Exception {
        long started = System.nanoTime();
        HostPort address = HostPort.ofHttpEndpoint(storage.endpoint());
        Files.createDirectories(dataDir);
        BlobStore blobStore = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + address))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, storage.accessKey(), storage.secretKey())
                .stopTimeout(STOP_GRACE.toMillis())
                .build();
        proxy.start();
        EmbeddedS3 s3 = new EmbeddedS3(proxy, address.host());
        try {
            List<String> buckets = new ArrayList<>();
            buckets.add(storage.bucket());
            buckets.add(storage.quarantineBucket());
            buckets.addAll(storage.inputBuckets());
            buckets.addAll(List.of(moreBuckets));
            for (String bucket : buckets) {
                if (!blobStore.containerExists(bucket)) {
                    blobStore.createContainer(bucket);
                    LOG.info("Created bucket {}", bucket);
                }
            }
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        LOG.info("S3 endpoint {} (objects in {}), started in {} ms",
                s3.endpoint(), dataDir, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return s3;
    }

    /** {@code http://host:port}, with the actual port if 0 was asked for. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        long started = System.nanoTime();
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty stops anyway once the grace period is over; only a client that kept a connection open is late.
            LOG.debug("S3 connections still open after {}", STOP_GRACE);
        }
        LOG.info("S3 endpoint {} stopped in {} ms", endpoint(), Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
