package dev.foldhub.queue;

import dev.foldhub.testsupport.MigratedDatabase;

/** The queue contract on the embedded H2 database. */
class JobQueueH2Test extends JobQueueContract {

    @Override
    MigratedDatabase newDatabase() {
        return MigratedDatabase.h2();
    }
}
