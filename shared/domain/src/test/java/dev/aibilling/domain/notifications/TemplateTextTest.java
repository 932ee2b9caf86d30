package dev.aibilling.domain.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void valuesAreEscapedInHtmlAndKeptInText() {
        Map<String, String> values = Map.of("plan", "<b>Pro</b> & \"more\"", "url", "https://x.example/?a=1&b=2");

        assertEquals("Plan <b>Pro</b> & \"more\" at https://x.example/?a=1&b=2",
                TemplateText.fill("Plan {{plan}} at {{ url }}", values, false));
        assertEquals("<p>&lt;b&gt;Pro&lt;/b&gt; &amp; &quot;more&quot;</p><a href=\"https://x.example/?a=1&amp;b=2\">",
                TemplateText.fill("<p>{{plan}}</p><a href=\"{{url}}\">", values, true));
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotFilledAgain() {
        assertEquals("{{secret}}", TemplateText.fill("{{name}}", Map.of("name", "{{secret}}", "secret", "x"), false));
    }

    @Test
    void aPlaceholderWithoutAValueIsAnErrorNotABlank() {
        assertThrows(IllegalArgumentException.class, () -> TemplateText.fill("Hi {{name}}", Map.of(), false));
    }
}
