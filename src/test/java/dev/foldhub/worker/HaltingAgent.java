package dev.foldhub.worker;

import dev.foldhub.testsupport.HttpTestClient;

/**
 * A worker process that dies holding a job: it registers through the real worker API, leases the first job that
 * fits one CPU and then halts its JVM (as a native crash such as oneDNN's SIGFPE would), without releasing or
 * reporting anything. Exit code 3 = halted holding a job; 0 = nothing to lease within the wait.
 * Arguments: port, worker token, worker name, seconds to wait for a job.
 */
public final class HaltingAgent {

    private static final String CPU = "{\"kind\": \"CPU\", \"index\": 0, \"memoryMb\": 0}";

    private HaltingAgent() {
    }

    public static void main(String[] args) throws Exception {
        HttpTestClient client = new HttpTestClient(Integer.parseInt(args[0])).as(args[1]);
        String name = args[2];
        long deadline = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        var registered = client.post("/api/agent/workers", "application/json",
                "{\"name\": \"" + name + "\", \"devices\": [" + CPU + "]}");
        if (registered.statusCode() != 200) {
            System.out.println("registration refused: " + registered.statusCode() + " " + registered.body());
            System.exit(2);
        }
        while (System.nanoTime() < deadline) {
            var leased = client.post("/api/agent/workers/" + name + "/lease", "application/json", CPU);
            if (leased.statusCode() == 200) {
                System.out.println("leased " + leased.body() + "; halting");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
            Thread.sleep(200);
        }
        System.out.println("nothing to lease");
        System.exit(0);
    }
}
