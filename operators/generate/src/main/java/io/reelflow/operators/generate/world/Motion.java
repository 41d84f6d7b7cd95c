package io.reelflow.operators.generate.world;

import java.util.List;

/** How the object moves over a clip, with the phrasings captions use for it. */
public enum Motion {
    LEFT(List.of("moving left", "going left", "sliding to the left", "drifting left"),
            List.of("向左移动", "往左移动", "向左滑动")),
    RIGHT(List.of("moving right", "going right", "sliding to the right", "drifting right"),
            List.of("向右移动", "往右移动", "向右滑动")),
    UP(List.of("moving up", "going up", "rising", "sliding upwards"),
            List.of("向上移动", "往上移动", "向上升起")),
    DOWN(List.of("moving down", "going down", "falling", "sliding downwards"),
            List.of("向下移动", "往下移动", "向下落")),
    GROWING(List.of("growing", "getting bigger", "expanding"),
            List.of("变大", "逐渐变大", "慢慢变大")),
    SHRINKING(List.of("shrinking", "getting smaller", "contracting"),
            List.of("变小", "逐渐变小", "慢慢变小")),
    STILL(List.of("standing still", "not moving", "staying still", "stationary"),
            List.of("静止不动", "一动不动", "保持不动"));

    private final List<String> english;
    private final List<String> chinese;

    Motion(List<String> english, List<String> chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    public List<String> english() {
        return english;
    }

    public List<String> chinese() {
        return chinese;
    }
}
