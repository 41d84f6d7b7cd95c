package io.reelflow.operators.campaign.report;

import io.reelflow.operators.campaign.run.CampaignLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A campaign's results as one static HTML page (inline CSS and script, no external resources): a contact sheet
 * grouped by template and format, images as thumbnails and videos as players, filters by status and by variable, and
 * the outputs that failed with their reasons. Media are referenced through {@code href}, normally
 * {@link #relativeTo}, so the page works from the object store and from a copy of it in a local directory.
 */
public final class CampaignReport {

    private static final String SUCCEEDED = "SUCCEEDED";

    private CampaignReport() {}

    /**
     * The path from the object at {@code reportUri} to another object of the same bucket: {@code ../../r1/image.png}
     * from {@code s3://b/t/campaigns/c/report.html} to {@code s3://b/t/r1/image.png}.
     */
    public static Function<String, String> relativeTo(String reportUri) {
        String reportBucket = bucket(reportUri);
        String[] from = reportUri.substring(reportBucket.length()).split("/");
        return objectUri -> {
            if (!bucket(objectUri).equals(reportBucket)) {
                throw new IllegalArgumentException(objectUri + " is not in the report's bucket " + reportBucket);
            }
            String[] to = objectUri.substring(reportBucket.length()).split("/");
            int common = 0;
            while (common < from.length - 1 && common < to.length - 1 && from[common].equals(to[common])) {
                common++;
            }
            StringBuilder path = new StringBuilder("../".repeat(from.length - 1 - common));
            path.append(String.join("/", List.of(to).subList(common, to.length)));
            return path.toString();
        };
    }

    /** {@code scheme://bucket/} of an object URI. */
    private static String bucket(String uri) {
        int scheme = uri.indexOf("://");
        int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
        if (slash < 0) {
            throw new IllegalArgumentException("not an object URI: " + uri);
        }
        return uri.substring(0, slash + 1);
    }

    public static String html(String campaignId, CampaignManifest manifest, Function<String, String> href) {
        List<ManifestRow> rows = manifest.rows();
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Campaign ").append(esc(campaignId)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n<h1>Campaign ").append(esc(campaignId)).append("</h1>\n");
        counts(html, rows);
        filters(html, rows);
        Map<String, List<ManifestRow>> groups = new LinkedHashMap<>();
        rows.forEach(r -> groups.computeIfAbsent(r.key().template() + "\u0000" + r.key().format(), k -> new ArrayList<>())
                .add(r));
        for (List<ManifestRow> group : groups.values()) {
            ManifestRow first = group.get(0);
            html.append("<section class=\"group\"><h2>").append(esc(first.key().template())).append(" &middot; ")
                    .append(esc(first.key().format())).append(" <small>").append(esc(first.format().describe()))
                    .append("</small></h2><div class=\"grid\">\n");
            group.forEach(r -> card(html, r, href));
            html.append("</div></section>\n");
        }
        failures(html, rows);
        html.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void counts(StringBuilder html, List<ManifestRow> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        html.append("<p class=\"counts\">").append(rows.size()).append(" outputs");
        counts.forEach((status, n) -> html.append(" &middot; ").append(n).append(' ').append(esc(status)));
        html.append("</p>\n");
    }

    private static void filters(StringBuilder html, List<ManifestRow> rows) {
        html.append("<form class=\"filters\">");
        TreeSet<String> statuses = new TreeSet<>();
        rows.forEach(r -> statuses.add(r.status()));
        select(html, "status", "data-status", statuses);
        Map<String, TreeSet<String>> values = new TreeMap<>();
        rows.forEach(r -> r.variables().forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(v)));
        values.forEach((name, vs) -> select(html, name, "data-var-" + name, vs));
        html.append("<span><span id=\"shown\">").append(rows.size()).append("</span> shown</span></form>\n");
    }

    private static void select(StringBuilder html, String label, String attribute, TreeSet<String> values) {
        html.append("<label>").append(esc(label)).append(" <select class=\"filter\" data-attr=\"").append(esc(attribute))
                .append("\"><option value=\"\">all</option>");
        values.forEach(v -> html.append("<option value=\"").append(esc(v)).append("\">").append(esc(v))
                .append("</option>"));
        html.append("</select></label> ");
    }

    private static void card(StringBuilder html, ManifestRow r, Function<String, String> href) {
        html.append("<figure class=\"card ").append(r.status().equals(SUCCEEDED) ? "ok" : "not-ok")
                .append("\" data-status=\"").append(esc(r.status())).append('"');
        r.variables().forEach((k, v) -> html.append(" data-var-").append(esc(k)).append("=\"").append(esc(v))
                .append('"'));
        html.append('>');
        // A held output's objects reach the output bucket only when a reviewer approves it: no media to show yet.
        if (r.objectUri() == null || !r.status().equals(SUCCEEDED)) {
            html.append("<div class=\"missing\">").append(esc(r.status())).append("</div>");
        } else if (r.isVideo()) {
            html.append("<video controls preload=\"metadata\"");
            if (r.posterUri() != null) {
                html.append(" poster=\"").append(esc(href.apply(r.posterUri()))).append('"');
            }
            html.append("><source src=\"").append(esc(href.apply(r.objectUri()))).append("\" type=\"")
                    .append(esc(r.contentType() == null ? "video/mp4" : r.contentType())).append("\"></video>");
        } else {
            html.append("<a href=\"").append(esc(href.apply(r.objectUri()))).append("\"><img loading=\"eager\" src=\"")
                    .append(esc(href.apply(r.objectUri()))).append("\" alt=\"").append(esc(r.key().path()))
                    .append("\"></a>");
        }
        html.append("<figcaption><b>").append(esc(r.key().variant())).append("</b><dl>");
        r.variables().forEach((k, v) -> dd(html, k, v));
        dd(html, "status", r.status());
        dd(html, "seed", Long.toString(r.seed()));
        dd(html, "moderation", r.moderation());
        dd(html, "watermark", r.watermarkId());
        dd(html, "device s", r.deviceSeconds() == null ? null : "%.2f".formatted(r.deviceSeconds()));
        dd(html, "sha256", r.sha256() == null ? null : r.sha256().substring(0, Math.min(16, r.sha256().length())));
        html.append("</dl></figcaption></figure>\n");
    }

    private static void dd(StringBuilder html, String term, String value) {
        if (value != null) {
            html.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
        }
    }

    private static void failures(StringBuilder html, List<ManifestRow> rows) {
        List<ManifestRow> failed = rows.stream().filter(r -> !r.status().equals(SUCCEEDED)).toList();
        html.append("<section id=\"failures\"><h2>Not produced (").append(failed.size()).append(")</h2>");
        if (!failed.isEmpty()) {
            html.append("<table><tr><th>output</th><th>status</th><th>reason</th></tr>");
            for (ManifestRow r : failed) {
                String reason = r.errorReason() != null ? r.errorReason()
                        : r.status().equals(CampaignManifest.PENDING) ? "no result yet"
                        : r.status().equals(CampaignLedger.HELD) ? "held for review: published once a reviewer approves"
                        : "";
                html.append("<tr data-status=\"").append(esc(r.status())).append("\"><td>").append(esc(r.key().path()))
                        .append("</td><td>").append(esc(r.status())).append("</td><td class=\"reason\">")
                        .append(esc(reason)).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("</section>\n");
    }

    /** Text and attribute values: every character HTML gives a meaning to, so no value can open markup or script. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
            h2 small{font-weight:normal;color:#666}
            .filters{position:sticky;top:0;background:#fafafa;padding:.5em 0;display:flex;gap:1em;flex-wrap:wrap}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}
            .card{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;overflow:hidden}
            .card.not-ok{border-color:#c33}
            .card img,.card video,.missing{display:block;width:100%;aspect-ratio:16/10;object-fit:contain;background:#111}
            .missing{color:#f88;display:flex;align-items:center;justify-content:center}
            figcaption{padding:6px 8px;word-break:break-word}
            dl{display:grid;grid-template-columns:auto 1fr;gap:0 8px;margin:4px 0 0}dt{color:#777}dd{margin:0}
            table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
            .reason{white-space:pre-wrap}[hidden]{display:none!important}
            """;

    private static final String SCRIPT = """
            function applyFilters(){
              const selects=[...document.querySelectorAll('select.filter')];
              let shown=0;
              document.querySelectorAll('.card').forEach(card=>{
                const match=selects.every(s=>s.value===''||card.getAttribute(s.dataset.attr)===s.value);
                card.hidden=!match;
                if(match)shown++;
              });
              document.querySelectorAll('section.group').forEach(g=>{g.hidden=!g.querySelector('.card:not([hidden])');});
              document.getElementById('shown').textContent=shown;
            }
            document.querySelectorAll('select.filter').forEach(s=>s.addEventListener('change',applyFilters));
            """;
}
