package org.wsss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRoundsTest {
    @Test
    void readsRequiredAndOptionalFiguresAndIgnoresOthers() {
        List<TrainingRounds.Round> rounds = TrainingRounds.parse("""
                [{"round": 1, "loss": 0.9, "accuracy": 0.5, "images_per_second": 10, "seconds": 2, "lr": 0.1},
                 {"round": 2, "loss": 0.4, "seconds": 3}]""");
        assertEquals(2, rounds.size());
        assertEquals(new TrainingRounds.Round(1, 0.9, 0.5, 10, 2), rounds.get(0));
        assertFalse(rounds.get(1).hasAccuracy());
        assertTrue(Double.isNaN(rounds.get(1).imagesPerSecond()));
        assertEquals(10.0, TrainingRounds.mean(rounds, TrainingRounds.Round::imagesPerSecond).orElseThrow());
        assertEquals(5.0, TrainingRounds.sum(rounds, TrainingRounds.Round::seconds).orElseThrow());
    }

    @Test
    void saysWhatIsWrongWithABadFile() {
        assertEquals("entry 1 has no numeric \"loss\"", assertThrows(IllegalArgumentException.class,
                () -> TrainingRounds.parse("[{\"round\": 1, \"loss\": 1}, {\"round\": 2}]")).getMessage());
        assertEquals("entry 0 has no integer \"round\"", assertThrows(IllegalArgumentException.class,
                () -> TrainingRounds.parse("[{\"round\": \"one\", \"loss\": 1}]")).getMessage());
        assertEquals("expected a JSON array of rounds", assertThrows(IllegalArgumentException.class,
                () -> TrainingRounds.parse("{\"round\": 1}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingRounds.parse("[{"))
                .getMessage().startsWith("not JSON"));
    }
}
