package io.reelflow.operators.generate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelflow.pipeline.AssetReader;
import io.reelflow.pipeline.ErrorCode;
import io.reelflow.pipeline.Frames;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckedAssetsTest {

    private static final String URI = "s3://reelflow-inputs/demo/first.png";

    private final AssetReader store = uri -> new AssetReader.Asset(Frames.blank(2, 2, 1), 0, "now-" + uri.length());

    @Test
    void readsAnAssetWhoseBytesAreTheOnesTheGateChecked() throws Exception {
        AssetReader checked = new CheckedAssets(store, Map.of(URI, "now-" + URI.length()));

        assertThat(checked.read(URI).frames().width()).isEqualTo(2);
        assertThat(new CheckedAssets(store, Map.of()).read(URI).sha256()).isEqualTo("now-" + URI.length());
    }

    @Test
    void refusesAnAssetReplacedSinceTheGateCheckedIt() {
        AssetReader checked = new CheckedAssets(store, Map.of(URI, "checked-hash"));

        assertThatThrownBy(() -> checked.read(URI))
                .isInstanceOfSatisfying(AssetReader.Unusable.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_CHANGED))
                .hasMessageContaining("changed after the input moderation gate checked it");
    }
}
