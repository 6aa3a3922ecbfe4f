package dev.foldhub.queue;

import dev.foldhub.testsupport.MigratedDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/** A real {@link JobQueue} on a test database, for tests outside this package (the lease statement is package-private). */
public final class TestQueues {

    private TestQueues() {
    }

    public static JobQueue create(MigratedDatabase database, Clock clock, QueueProperties properties) {
        return new JobQueue(database.jdbc(), clock, properties, new LeaseStatement(database.jdbc(), database.dataSource()),
                new SimpleMeterRegistry());
    }
}
