package io.reelflow.operators.campaign;

/**
 * A campaign ready to run: its spec and its rows, read from one file. The one way both the CLI and the cluster entry
 * point turn a campaign file into a job's input.
 */
public record Campaign(CampaignSpec spec, CampaignFile rows) {

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
