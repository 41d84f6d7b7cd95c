package io.reelflow.operators.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A campaign: whose it is, which file its rows come from, and the request fields every row starts from (rows
 * override them). Build with {@link #builder()}.
 */
public record CampaignSpec(String campaignId, String tenantId, String fileName, CampaignFormat format, String defaultsJson)
        implements Serializable {

    private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._-]{1,96}");
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9-]{1,64}");
    static final ObjectMapper JSON = new ObjectMapper();

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults as a fresh JSON object. */
    public ObjectNode defaults() {
        try {
            return (ObjectNode) JSON.readTree(defaultsJson);
        } catch (IOException e) {
            throw new IllegalStateException("defaults were validated in build()", e);
        }
    }

    /** The source name dead letters of this campaign's rows point at. */
    public String sourceTopic() {
        return "campaign:" + fileName;
    }

    public static final class Builder {
        private String campaignId;
        private String tenantId;
        private String fileName;
        private CampaignFormat format;
        private String defaultsJson = "{}";

        public Builder campaignId(String campaignId) {
            this.campaignId = campaignId;
            return this;
        }

        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** The file's name; also decides the format unless {@link #format} is set. */
        public Builder fileName(String fileName) {
            this.fileName = fileName;
            return this;
        }

        public Builder format(CampaignFormat format) {
            this.format = format;
            return this;
        }

        /** A JSON object of GenerationRequest fields shared by all rows, e.g. mode, size, steps. */
        public Builder defaultsJson(String defaultsJson) {
            this.defaultsJson = defaultsJson;
            return this;
        }

        public CampaignSpec build() {
            if (campaignId == null || !CAMPAIGN_ID.matcher(campaignId).matches()) {
                throw new IllegalArgumentException("campaign id must be 1-96 of [A-Za-z0-9._-], got " + campaignId);
            }
            if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
                throw new IllegalArgumentException("tenant id must be 1-64 of [a-z0-9-], got " + tenantId);
            }
            Objects.requireNonNull(fileName, "fileName");
            CampaignFormat resolved = format != null ? format : CampaignFormat.ofFileName(fileName);
            JsonNode defaults;
            try {
                defaults = JSON.readTree(defaultsJson);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("campaign defaults are not JSON: " + e.getOriginalMessage(), e);
            }
            if (defaults == null || !defaults.isObject()) {
                throw new IllegalArgumentException("campaign defaults must be a JSON object");
            }
            return new CampaignSpec(campaignId, tenantId, fileName, resolved, defaults.toString());
        }
    }
}
