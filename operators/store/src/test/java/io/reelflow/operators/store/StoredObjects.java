package io.reelflow.operators.store;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import io.reelflow.operators.store.internal.PlainHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads a test server's objects back with the MinIO SDK, the way a client of Reelflow's outputs would. */
public final class StoredObjects implements AutoCloseable {

    private final MinioClient client;

    public StoredObjects(S3ProxyServer server) {
        this.client = MinioClient.builder()
                .endpoint(server.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                .httpClient(PlainHttp.client(), true)
                .build();
    }

    /** Bucket and key of an {@code s3://bucket/key} URI. */
    public static String[] split(String uri) {
        String path = uri.substring("s3://".length());
        int slash = path.indexOf('/');
        return new String[] {path.substring(0, slash), path.substring(slash + 1)};
    }

    public byte[] bytes(String uri) throws Exception {
        String[] at = split(uri);
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(at[0]).object(at[1]).build())) {
            return in.readAllBytes();
        }
    }

    public StatObjectResponse stat(String uri) throws Exception {
        String[] at = split(uri);
        return client.statObject(StatObjectArgs.builder().bucket(at[0]).object(at[1]).build());
    }

    /** User metadata with lower-cased keys (S3Proxy returns them title-cased). */
    public Map<String, String> metadata(String uri) throws Exception {
        Map<String, String> metadata = new TreeMap<>();
        stat(uri).userMetadata().forEach(e -> metadata.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        return metadata;
    }

    public List<String> keys(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    public MinioClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
