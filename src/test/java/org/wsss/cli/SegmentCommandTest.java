package org.wsss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentCommandTest {

    @Test
    void helpDescribesBothModes() {
        WsssCliTest.Outcome help = WsssCliTest.run("segment", "--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String option : new String[] {"--images", "--out", "--png", "--run-root"}) {
            assertTrue(help.out().contains(option), help.out());
        }
        WsssCliTest.Outcome train = WsssCliTest.run("train-seg", "--help");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("--resume"), train.out());
    }

    @Test
    void imagesWithoutAnOutputFolderIsAUserError() {
        WsssCliTest.Outcome o = WsssCliTest.run("segment", "--images", "photos");
        assertEquals(Wsss.USER_ERROR, o.exitCode(), o.err());
        assertEquals("wsss: error: --images needs --out, the folder for the masks", o.err().strip());
        WsssCliTest.Outcome png = WsssCliTest.run("segment", "--png");
        assertEquals(Wsss.USER_ERROR, png.exitCode(), png.err());
        assertTrue(png.err().contains("--out and --png go with --images"), png.err());
    }
}
