package org.wsss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesEveryCharacterThatCouldStartMarkupOrEndAnAttribute() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;) &amp;&amp; &#39;y&#39;&lt;/script&gt;",
                Html.escape("<script>alert(\"x\") && 'y'</script>"));
        assertEquals("Abyssinian_1 \u00e9", Html.escape("Abyssinian_1 \u00e9"));
    }

    @Test
    void textAndAttributesAreEscapedAndNullAttributesLeftOut() {
        String html = new Html()
                .open("img", "src", "a\"onerror=\"alert(1)", "class", null)
                .element("td", "<b>breed</b>", "title", "<script>")
                .toString();
        assertEquals("<img src=\"a&quot;onerror=&quot;alert(1)\"><td title=\"&lt;script&gt;\">&lt;b&gt;breed&lt;/b&gt;</td>\n",
                html);
    }

    @Test
    void attributesComeInPairs() {
        assertThrows(IllegalArgumentException.class, () -> new Html().open("a", "href"));
    }
}
