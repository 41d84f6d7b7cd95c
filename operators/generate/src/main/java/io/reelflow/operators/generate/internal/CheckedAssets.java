package io.reelflow.operators.generate.internal;

import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.ErrorCode;
import java.io.IOException;
import java.util.Map;

/**
 * Reads input assets only as the input moderation gate checked them: an object whose bytes no longer have the SHA-256
 * the gate recorded (replaced under the tenant's prefix in between) is refused, so generation never takes input the
 * gate did not see. Assets the gate recorded no hash for are read as they are.
 */
public record CheckedAssets(AssetReader reader, Map<String, String> sha256ByUri) implements AssetReader {

    @Override
    public Asset read(String uri) throws IOException {
        Asset asset = reader.read(uri);
        String checked = sha256ByUri.get(uri);
        if (checked != null && !checked.equals(asset.sha256())) {
            throw new Unusable(ErrorCode.INPUT_CHANGED, uri + " changed after the input moderation gate checked it"
                    + " (sha256 " + checked + ", now " + asset.sha256() + "); submit the request again to check it");
        }
        return asset;
    }
}
