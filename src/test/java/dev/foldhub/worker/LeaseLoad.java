package dev.foldhub.worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fleet of simulated agents as its own process, so that the server's CPU time is not mixed with the
 * clients' (LeaseBenchmark starts it). Arguments: server URL, worker token, agents, seconds, job min ms,
 * job max ms, heartbeat ms, agent name prefix. It registers the agents, prints READY, waits for a line on
 * stdin, runs them for the given seconds and prints one line "RESULT key=value ...".
 */
final class LeaseLoad {

    private LeaseLoad() {
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        String token = args[1];
        int agents = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        SimulatedAgent.Work work = new SimulatedAgent.Work(Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]));
        String prefix = args[7];
        SimulatedAgent.Transport http = switch (System.getProperty("foldhub.benchmark.client", "urlconnection")) {
            // why: one client for the fleet keeps the load process small (a client per agent is a selector thread each)
            case "httpclient" -> SimulatedAgent.Transport.of(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
            case "socket" -> new SocketTransport();
            default -> new UrlConnectionTransport();
        };
        List<SimulatedAgent> fleet = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            SimulatedAgent agent = new SimulatedAgent(http, server, token, prefix + a);
            agent.register();
            fleet.add(agent);
        }
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        List<SimulatedAgent.Timings> timings = new ArrayList<>();
        List<Future<Integer>> runs = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            SimulatedAgent agent = fleet.get(a);
            SimulatedAgent.Timings t = SimulatedAgent.Timings.create();
            timings.add(t);
            SplittableRandom random = new SplittableRandom(a);
            runs.add(pool.submit(() -> {
                // why: a real fleet's agents are not in step; a closed loop (min = max) starts all at once
                Thread.sleep(work.maxMs() > work.minMs() ? random.nextInt(work.maxMs()) : 0);
                return agent.runUntil(deadline, work, random, t);
            }));
        }
        int leased = 0;
        for (Future<Integer> run : runs) {
            leased += run.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long wall = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuStart;
        long[] lease = Latencies.sorted(timings.stream().map(SimulatedAgent.Timings::lease).toList());
        long[] beat = Latencies.sorted(timings.stream().map(SimulatedAgent.Timings::heartbeat).toList());
        long[] complete = Latencies.sorted(timings.stream().map(SimulatedAgent.Timings::complete).toList());
        int empty = timings.stream().mapToInt(t -> t.emptyLeases()[0]).sum();
        System.out.printf(Locale.ROOT, "RESULT leased=%d seconds=%.3f wall=%.3f cpu=%.3f empty=%d requests=%d "
                        + "p50=%.2f p99=%.2f max=%.2f heartbeatP99=%.2f completeP99=%.2f%n",
                leased, seconds, wall / 1e9, cpu / 1e9, empty, lease.length + beat.length + complete.length + empty,
                Latencies.percentileMs(lease, 0.5), Latencies.percentileMs(lease, 0.99),
                Latencies.percentileMs(lease, 1.0), Latencies.percentileMs(beat, 0.99),
                Latencies.percentileMs(complete, 0.99));
    }
}
