package org.wsss.io;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A Parquet table handed from one stage to the next: its folder name and its schema, declared once. */
public record TableSpec(String name, StructType schema) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Whether each row records what made it, in {@link Tables#MADE_BY}. */
    public boolean hasLineage() {
        return schema.getFieldIndex(Tables.MADE_BY).isDefined();
    }

    /** The columns a stage computes, before {@link Tables#MADE_BY} is stamped on (rows of unknown lineage). */
    public StructType computedSchema() {
        return new StructType(java.util.Arrays.stream(schema.fields())
                .filter(f -> !f.name().equals(Tables.MADE_BY)).toArray(StructField[]::new));
    }

    /** Fields of the declared schema that the actual one lacks or types differently; empty when compatible. */
    public List<String> mismatches(StructType actual) {
        List<String> problems = new ArrayList<>();
        for (StructField expected : schema.fields()) {
            StructField found = actual.getFieldIndex(expected.name()).isDefined()
                    ? actual.fields()[(Integer) actual.getFieldIndex(expected.name()).get()] : null;
            if (found == null && expected.name().equals(Tables.MADE_BY)) {
                continue; // written before lineage was recorded: read as unknown
            } else if (found == null) {
                problems.add("missing column " + expected.name());
            } else if (!found.dataType().sameType(expected.dataType())) {
                problems.add("column " + expected.name() + " is " + found.dataType().simpleString()
                        + ", expected " + expected.dataType().simpleString());
            }
        }
        return problems;
    }
}
