package org.recon4j.evaluation.report;

import java.util.Base64;

/** Small helpers for the self-contained HTML reports. */
public final class Html {
    private Html() {
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An {@code <img>} with the PNG embedded, so the report needs no other file. */
    public static String image(byte[] png, String alt, int width) {
        return "<img alt=\"" + escape(alt) + "\" width=\"" + width + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">";
    }

    /** A captioned figure holding the embedded PNG. */
    public static String figure(byte[] png, String caption, int width) {
        return "<figure>" + image(png, caption, width) + "<figcaption>" + escape(caption) + "</figcaption></figure>";
    }

    /** The document's start up to the opening body tag, with the shared style. */
    public static String head(String title) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>" + STYLE
                + "</head><body>";
    }

    public static final String STYLE = "<style>body{font-family:sans-serif;margin:2em;max-width:1400px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
            + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
            + "figure{display:inline-block;margin:0 12px 12px 0;text-align:center}"
            + "figcaption{font-size:12px;max-width:260px}img{image-rendering:pixelated;border:1px solid #ddd}"
            + "code{background:#f4f4f4;padding:1px 4px}</style>";
}
