package io.reelflow.operators.campaign;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A campaign ready to run: its spec and its rows, read from one file. The one way both the CLI and the cluster entry
 * point turn a campaign file into a job's input.
 */
public record Campaign(CampaignSpec spec, CampaignFile rows) {

    /** Largest campaign file read: its rows travel inside the job graph. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    /**
     * The campaign in {@code bytes}, read from {@code location} (s3://bucket/key, a path or a file: URI, whose last
     * segment is the file name); as {@link #of}, and the bytes must be UTF-8 text.
     */
    public static Campaign fromFile(String location, byte[] bytes, String campaignId, String tenantId,
            String defaultsJson) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("campaign file " + location + " is not UTF-8 text");
        }
        return of(fileName(location), content, campaignId, tenantId, defaultsJson);
    }

    /** The name of the file at {@code location}: its extension gives the format, and it is the default id. */
    public static String fileName(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * The campaign in {@code content}, the text of the file named {@code fileName} (whose extension gives the format);
     * {@code campaignId} null takes the file name without its extension. IllegalArgumentException names what is wrong.
     */
    public static Campaign of(String fileName, String content, String campaignId, String tenantId, String defaultsJson) {
        CampaignSpec spec = CampaignSpec.builder()
                .campaignId(campaignId != null ? campaignId : defaultId(fileName))
                .tenantId(tenantId).fileName(fileName).defaultsJson(defaultsJson).build();
        CampaignFile rows = CampaignFile.parse(spec.format(), content);
        if (rows.rows().isEmpty()) {
            throw new IllegalArgumentException(fileName + " has no rows");
        }
        return new Campaign(spec, rows);
    }

    /** A campaign's id when none is given: its file's name without the extension. */
    public static String defaultId(String fileName) {
        return fileName.replaceFirst("\\.[^.]+$", "");
    }
}
