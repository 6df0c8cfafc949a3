package org.wsss.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {
    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, KeySuggestions.editDistance("abc", "abc"));
        assertEquals(1, KeySuggestions.editDistance("abc", "abd"));
        assertEquals(1, KeySuggestions.editDistance("abc", "ab"));
        assertEquals(3, KeySuggestions.editDistance("", "abc"));
    }

    @Test
    void noSuggestionWhenNothingIsClose() {
        assertEquals(Optional.empty(), KeySuggestions.nearest("wsss.zzzzzzzzzz", List.of("wsss.spark.master")));
    }
}
