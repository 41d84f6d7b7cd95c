package io.reelflow.pipeline.flink;

import io.reelflow.config.ReelflowConfig;
import io.reelflow.config.TenantsConfig;
import io.reelflow.schema.GenerationResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every result on its way to the results topic, whichever stage ended it: {@code reelflow_tenant_status_results}
 * by tenant and status (requests/s by status, the SLO's error budget), and
 * {@code reelflow_tenant_campaign_status_results} by campaign (campaign progress). Labels stay bounded: a tenant
 * outside the configured list (its requests are dead-lettered) counts as {@code tenant="unknown"}, and only the first
 * {@code pipeline.campaign-metrics} campaigns this subtask sees get their own label, the rest count as
 * {@code campaign="other"} (a Flink metric cannot be unregistered while the operator runs).
 */
public final class ResultMetrics extends RichMapFunction<GenerationResult, GenerationResult> {

    private static final long serialVersionUID = 1L;
    static final String UNKNOWN_TENANT = "unknown";
    static final String OTHER_CAMPAIGN = "other";

    private final Set<String> tenants;
    private final int maxCampaigns;
    private transient MetricGroup group;
    private transient Map<String, Counter> counters;
    private transient Set<String> campaigns;

    public ResultMetrics(ReelflowConfig config) {
        this.tenants = new HashSet<>(config.tenants().known().stream().map(TenantsConfig.Tenant::id).toList());
        this.maxCampaigns = config.pipeline().campaignMetrics();
        if (maxCampaigns < 0) {
            throw new IllegalArgumentException("pipeline.campaign-metrics must be 0 or more, was " + maxCampaigns);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup("reelflow");
        counters = new HashMap<>();
        campaigns = new HashSet<>();
    }

    @Override
    public GenerationResult map(GenerationResult result) {
        String tenant = tenants.contains(result.getTenantId()) ? result.getTenantId() : UNKNOWN_TENANT;
        String status = result.getStatus().name();
        count(tenant, null, status);
        if (result.getCampaignId() != null) {
            count(tenant, campaignLabel(tenant + '/' + result.getCampaignId(), result.getCampaignId()), status);
        }
        return result;
    }

    private String campaignLabel(String key, String campaign) {
        if (campaigns.contains(key)) {
            return campaign;
        }
        if (campaigns.size() < maxCampaigns) {
            campaigns.add(key);
            return campaign;
        }
        return OTHER_CAMPAIGN;
    }

    private void count(String tenant, String campaign, String status) {
        String key = tenant + '\n' + campaign + '\n' + status;
        counters.computeIfAbsent(key, k -> {
            MetricGroup labels = group.addGroup("tenant", tenant);
            if (campaign != null) {
                labels = labels.addGroup("campaign", campaign);
            }
            return labels.addGroup("status", status).counter("results");
        }).inc();
    }
}
