package org.wsss.io;

import java.util.Arrays;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Java values in the shapes Spark's row encoders expect (array columns are Scala sequences). */
public final class SparkValues {
    private SparkValues() {}

    public static Seq<Integer> intArray(int... values) {
        return CollectionConverters.asScala(Arrays.stream(values).boxed().toList()).toSeq();
    }

    public static Seq<String> stringSeq(String... values) {
        return CollectionConverters.asScala(Arrays.asList(values)).toSeq();
    }
}
