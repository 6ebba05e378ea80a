import io.keeplive.testsupport.Kafka;
import io.keeplive.testsupport.Postgres;

/** PostgreSQL and one Kafka broker for the memory measurement; prints where they listen. */
public class Infra {
  public static void main(String[] args) throws Exception {
    Postgres postgres = Postgres.start(0, null);
    postgres.createDatabaseIfMissing("keeplive");
    Kafka kafka = Kafka.startEmbedded();
    System.out.println("POSTGRES_PORT=" + postgres.port());
    System.out.println("KAFKA=" + kafka.bootstrapServers());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
