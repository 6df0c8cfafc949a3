package org.wsss.report;

/**
 * A small HTML writer that escapes every text and attribute value it is given, so values from settings, table
 * rows or file names (a breed called {@code <script>}, say) are shown as text and never become markup.
 */
public final class Html {
    private final StringBuilder out = new StringBuilder();

    /** Text safe both between tags and inside a double- or single-quoted attribute value. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** {@code <tag name="value" ...>}; attributes come as name, value pairs (values escaped, null skipped). */
    public Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        if (attributes.length % 2 != 0) throw new IllegalArgumentException("attributes come in name, value pairs");
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] == null) continue;
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        out.append('>');
        return this;
    }

    public Html close(String tag) {
        out.append("</").append(tag).append(">\n");
        return this;
    }

    public Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag ...>text</tag>}. */
    public Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A fixed piece of markup written by this program (a doctype, a style sheet); never pass data here. */
    Html markup(String trustedMarkup) {
        out.append(trustedMarkup);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
