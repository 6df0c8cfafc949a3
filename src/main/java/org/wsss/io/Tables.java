package org.wsss.io;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/** The schemas of every table the stages hand to each other. */
public final class Tables {
    private Tables() {}

    public static final TableSpec INDEX = new TableSpec("index", new StructType()
            .add("image_id", StringType, false)
            .add("split", StringType, false)
            .add("class_id", IntegerType, false)
            .add("breed", StringType, false)
            .add("species", StringType, false)
            .add("image_uri", StringType, false)
            .add("trimap_uri", StringType, false)
            .add("width", IntegerType, false)
            .add("height", IntegerType, false));

    /** Rows refused by a stage, with the reason; shared shape for every stage's rejects table. */
    public static StructType rejectsSchema() {
        return new StructType()
                .add("item", StringType, false)
                .add("reason", StringType, false)
                .add("detail", StringType, true)
                .add("source", StringType, true);
    }

    public static final TableSpec INDEX_REJECTS = new TableSpec("index_rejects", rejectsSchema());
}
