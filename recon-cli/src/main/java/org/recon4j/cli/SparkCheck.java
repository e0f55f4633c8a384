package org.recon4j.cli;

import org.recon4j.InvalidInputException;

/**
 * Spark is not inside recon.jar (a cluster brings its own): the launcher adds Spark's jars. Run
 * another way ({@code java -jar recon.jar}), the Spark commands say so in one line.
 */
final class SparkCheck {
    private SparkCheck() {
    }

    static void require(String what) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new InvalidInputException(what + " needs Apache Spark on the class path: run it through ./recon, which "
                    + "adds Spark's jars, or spark-submit with recon.jar");
        }
    }
}
