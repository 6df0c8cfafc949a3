package org.wsss.jobs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsss.config.SynthSettings;
import org.wsss.data.SyntheticDataset;
import org.wsss.io.Storage;
import org.wsss.io.Tables;
import org.wsss.jobs.stage.StageContext;
import org.wsss.testing.S3ProxyServer;
import org.wsss.testing.TestSpark;

/** The index stage reading its dataset from s3a:// (s3proxy on loopback) gives the rows it gives from local files. */
class IndexFromS3Test {
    static final String BUCKET = "pets";
    @TempDir
    static Path dir;
    static S3ProxyServer s3;

    @BeforeAll
    static void startObjectStore() throws Exception {
        s3 = S3ProxyServer.start(dir, BUCKET);
        Configuration hadoop = TestSpark.session().sparkContext().hadoopConfiguration();
        s3.hadoopSettings().forEach(hadoop::set);
    }

    @AfterAll
    static void stopObjectStore() throws Exception {
        s3.close();
    }

    @Test
    void indexFromS3EqualsIndexFromLocalFiles() throws Exception {
        Path local = dir.resolve("data");
        new SyntheticDataset(Storage.local()).write(local.toString(), new SynthSettings(2, 6, 9, 48, 64, 0.3, true));
        Configuration hadoop = TestSpark.session().sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path s3Root = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/oxford-pet");
        FileUtil.copy(new java.io.File(local.toString()), s3Root.getFileSystem(hadoop), s3Root, false, hadoop);

        StageContext fromLocal = TestSpark.context(TestSpark.settings(local, dir.resolve("run-local")));
        StageContext fromS3 = TestSpark.context(TestSpark.settings(s3Root.toString(),
                "s3a://" + BUCKET + "/runs/one", Map.of()));
        new IndexStage().run(fromLocal);
        new IndexStage().run(fromS3);

        List<String> localRows = facts(fromLocal.tables().read(Tables.INDEX).collectAsList());
        List<String> s3Rows = facts(fromS3.tables().read(Tables.INDEX).collectAsList());
        assertEquals(12, localRows.size());
        assertEquals(localRows, s3Rows);
        assertTrue(fromS3.tables().read(Tables.INDEX).first().getString(5).startsWith("s3a://pets/oxford-pet/images/"));
        assertTrue(fromS3.storage().exists(fromS3.layout().stageReport(IndexStage.NAME)));
    }

    /** Everything but the locations, which differ by design. */
    private static List<String> facts(List<Row> rows) {
        return rows.stream().map(r -> String.join(",", r.getString(0), r.getString(1), String.valueOf(r.getInt(2)),
                r.getString(3), r.getString(4), String.valueOf(r.getInt(7)), String.valueOf(r.getInt(8))))
                .sorted().toList();
    }
}
