package io.tcptop.fleet;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One Spark session in local mode for the test JVM: the engine and Parquet reader a cluster runs. */
final class SparkLocal {
  private SparkLocal() {}

  private static SparkSession session;

  static synchronized SparkSession get() {
    if (session == null) {
      Path work = Path.of("target", "spark").toAbsolutePath();
      session = SparkSession.builder()
          .appName("tcptop-fleet-test")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.warehouse.dir", work.resolve("warehouse").toString())
          .config("spark.local.dir", work.resolve("local").toString())
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-stop"));
    }
    return session;
  }
}
