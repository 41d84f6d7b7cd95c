package io.reelflow.bench.watermark;

import io.reelflow.bench.watermark.Item.Content;
import java.util.ArrayList;
import java.util.List;

/**
 * Which items a run makes, in an order that keeps a partial run balanced: index by index, each size and each
 * kind of content in turn. Names carry the index, so a larger count extends an earlier run's checkpoint.
 */
final class Plan {

    private Plan() {}

    /** {@code perCell} marked videos per kind of content (textured, generated) and orientation. */
    static List<Item> videos(int perCell, int longSide, double seconds) {
        return marked("v", perCell, longSide, true, seconds);
    }

    /** {@code perCell} marked images per kind (textured, generated) and orientation. */
    static List<Item> images(int perCell, int longSide) {
        return marked("i", perCell, longSide, false, 0);
    }

    private static List<Item> marked(String prefix, int perCell, int longSide, boolean video, double seconds) {
        List<Item> items = new ArrayList<>();
        int[][] sizes = sizes(longSide);
        for (int i = 0; i < perCell; i++) {
            for (int s = 0; s < sizes.length; s++) {
                // The textured style cycles over every item, so two per cell already cover all three styles.
                for (Content content : new Content[] {Content.textured(i * sizes.length + s), Content.GENERATED}) {
                    items.add(item(prefix + i, content, sizes[s], video, seconds));
                }
            }
        }
        return items;
    }

    /**
     * {@code count} unmarked items: in every 20, nine textured images and six textured 1 s videos at a modest size
     * ({@code longSide / 3}), two textured images at full size, a generated image and a generated 1 s video at the
     * modest size, and a full-size textured 1 s video or generated image (alternating every 40); landscape and
     * portrait alternate every 20. Full-size videos are few because each costs seconds to make.
     */
    static List<Item> unmarked(int count, int longSide) {
        List<Item> items = new ArrayList<>();
        int[][] sizes = sizes(longSide);
        for (int j = 0; j < count; j++) {
            int slot = j % 20;
            int[] full = sizes[(j / 20) % 2];
            int[] small = {full[0] / 3 & ~1, full[1] / 3 & ~1};
            Content textured = Content.textured(j / 20 + slot);
            String name = "u" + j;
            items.add(switch (slot) {
                case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> item(name, textured, small, false, 0);
                case 9, 10, 11, 12, 13, 14 -> item(name, textured, small, true, 1);
                case 15, 16 -> item(name, textured, full, false, 0);
                case 17 -> item(name, Content.GENERATED, small, false, 0);
                case 18 -> item(name, Content.GENERATED, small, true, 1);
                default -> (j / 40) % 2 == 0
                        ? item(name, textured, full, true, 1)
                        : item(name, Content.GENERATED, full, false, 0);
            });
        }
        return items;
    }

    private static int[][] sizes(int longSide) {
        int shortSide = (int) Math.round(longSide * 9 / 16.0) & ~1;
        return new int[][] {{longSide, shortSide}, {shortSide, longSide}};
    }

    private static Item item(String prefix, Content content, int[] size, boolean video, double seconds) {
        String name = prefix + "-" + content.label() + "-" + size[0] + "x" + size[1];
        return new Item(name, content, size[0], size[1], video, seconds, name.hashCode() * 0x9E3779B97F4A7C15L);
    }
}
