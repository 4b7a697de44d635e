package io.cephiscsi.rest.internal;

import java.util.Map;

import io.cephiscsi.gateway.GatewayMetrics;

/**
 * Prometheus' text exposition format 0.0.4: {@code # HELP} and {@code # TYPE} lines (upstream writes the
 * non-standard {@code #HELP:}, which Prometheus reads as a comment), one line per sample, label values and help
 * escaped, every line ending in a newline. Names are written as given: the prometheus client library's writer
 * would rename upstream's counters to {@code *_total}.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static String format(GatewayMetrics metrics) {
        StringBuilder out = new StringBuilder(4096);
        for (GatewayMetrics.Family family : metrics.families()) {
            out.append("# HELP ").append(family.name()).append(' ');
            escape(out, family.help(), false);
            out.append("\n# TYPE ").append(family.name()).append(' ').append(family.type()).append('\n');
            for (GatewayMetrics.Sample sample : family.samples()) {
                out.append(family.name());
                if (!sample.labels().isEmpty()) {
                    char sep = '{';
                    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                        out.append(sep).append(label.getKey()).append("=\"");
                        escape(out, label.getValue(), true);
                        out.append('"');
                        sep = ',';
                    }
                    out.append('}');
                }
                out.append(' ').append(value(sample.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** integral values without a fraction (counters of bytes and commands), others as Java writes doubles */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** backslash and newline in help text; also the double quote in label values */
    private static void escape(StringBuilder out, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && quote) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}
