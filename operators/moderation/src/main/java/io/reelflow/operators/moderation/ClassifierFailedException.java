package io.reelflow.operators.moderation;

/**
 * A learned classifier could not score: its model failed or gave outputs that are not probabilities (NaN, infinite,
 * the wrong count). Never caused by the text or image itself: any text is tokenized and any frame is resized, so this
 * means a broken model or runtime. Thrown instead of returning scores, because a classifier that fails must not
 * silently allow (no scores) nor invent findings (scores in categories the content was never found in): the caller
 * ends the request FAILED (MODERATION_FAILED) and audits why, in this message (which never contains the text).
 */
public final class ClassifierFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClassifierFailedException(String message) {
        super(message);
    }

    public ClassifierFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
