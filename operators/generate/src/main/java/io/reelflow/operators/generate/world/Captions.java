package io.reelflow.operators.generate.world;

import java.util.List;
import java.util.regex.Pattern;
import java.util.SplittableRandom;

/** Captions for scenes in English and Chinese, in several phrasings, as prompts and training text. */
public final class Captions {

    public enum Language { ENGLISH, CHINESE }

    private static final List<String> ENGLISH_VIDEO = List.of(
            "a {colour} {shape} {motion} on a {background} background",
            "{colour} {shape} {motion}, {background} background",
            "a {colour} {shape} on a {background} background, {motion}",
            "video of a {colour} {shape} {motion} against a {background} background",
            "the background is {background} and a {colour} {shape} is {motion}",
            "on a {background} background, a {colour} {shape} {motion}");
    private static final List<String> ENGLISH_IMAGE = List.of(
            "a {colour} {shape} on a {background} background",
            "{colour} {shape}, {background} background",
            "a picture of a {colour} {shape} against a {background} background",
            "the background is {background} with a {colour} {shape}");
    private static final List<String> CHINESE_VIDEO = List.of(
            "一个{colour}的{shape}在{background}背景上{motion}",
            "{background}背景上有一个{colour}{shape}{motion}",
            "{colour}{shape}{motion}，背景是{background}",
            "在{background}的背景上，{colour}的{shape}{motion}");
    private static final List<String> CHINESE_IMAGE = List.of(
            "一个{colour}的{shape}在{background}背景上",
            "{background}背景上有一个{colour}{shape}",
            "{colour}{shape}，背景是{background}");

    private static final Pattern A_BEFORE_VOWEL = Pattern.compile("(^|\\s)a ([aeiou])");

    private Captions() {}

    /** A caption in {@code language}, the phrasing picked by {@code random}; images leave motion out. */
    public static String caption(Scene scene, boolean image, Language language, SplittableRandom random) {
        boolean english = language == Language.ENGLISH;
        List<String> templates = english ? (image ? ENGLISH_IMAGE : ENGLISH_VIDEO) : (image ? CHINESE_IMAGE : CHINESE_VIDEO);
        List<String> motions = english ? scene.motion().english() : scene.motion().chinese();
        String template = templates.get(random.nextInt(templates.size()));
        return fill(template, scene, english, motions.get(random.nextInt(motions.size())));
    }

    /** The first phrasing: what evaluation prompts use by default. */
    public static String canonical(Scene scene, boolean image, Language language) {
        boolean english = language == Language.ENGLISH;
        String template = english ? (image ? ENGLISH_IMAGE : ENGLISH_VIDEO).get(0) : (image ? CHINESE_IMAGE : CHINESE_VIDEO).get(0);
        return fill(template, scene, english, (english ? scene.motion().english() : scene.motion().chinese()).get(0));
    }

    /** The template with the scene's words, and "an" before a vowel ("an orange circle"), as people write prompts. */
    private static String fill(String template, Scene scene, boolean english, String motion) {
        String caption = template
                .replace("{colour}", english ? scene.colour().english() : scene.colour().chinese())
                .replace("{shape}", english ? scene.shape().english() : scene.shape().chinese())
                .replace("{background}", english ? scene.background().english() : scene.background().chinese())
                .replace("{motion}", motion);
        return A_BEFORE_VOWEL.matcher(caption).replaceAll("$1an $2");
    }
}
