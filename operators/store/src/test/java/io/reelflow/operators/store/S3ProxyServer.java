package io.reelflow.operators.store;

import io.reelflow.config.ConfigLoader;
import io.reelflow.config.StorageConfig;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An in-process S3Proxy on a free loopback port with SigV4 (and V2) credentials, for tests. In memory unless given
 * another blob store. Stops fast: clients that leave keep-alive connections open do not hold it up.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private final S3Proxy proxy;
    private final BlobStore blobStore;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore) {
        this.proxy = proxy;
        this.blobStore = blobStore;
    }

    /** An in-memory server with {@link #ACCESS_KEY} / {@link #SECRET_KEY}. */
    public static S3ProxyServer start() throws Exception {
        return start(new TransientNio2BlobStore(), 0);
    }

    /** A server over {@code blobStore} on {@code port} (0: any free port). */
    public static S3ProxyServer start(BlobStore blobStore, int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(100)
                .jettyMaxThreads(16)
                .build();
        proxy.start();
        return new S3ProxyServer(proxy, blobStore);
    }

    public int port() {
        return proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public BlobStore blobStore() {
        return blobStore;
    }

    /** The documented storage defaults pointed at this server, with {@code bucket} as the output bucket. */
    public StorageConfig storage(String bucket) {
        return ConfigLoader.builder()
                .set("storage.endpoint", endpoint())
                .set("storage.access-key", ACCESS_KEY)
                .set("storage.secret-key", SECRET_KEY)
                .set("storage.bucket", bucket)
                .build()
                .storage();
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } catch (TimeoutException e) {
            // Jetty gave up waiting for an idle keep-alive connection after stopTimeout and stopped anyway.
        }
    }
}
