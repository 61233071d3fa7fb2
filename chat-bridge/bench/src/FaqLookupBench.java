import io.dingrelay.chat.faq.FaqAnalyzers;
import io.dingrelay.chat.faq.FaqIndex;
import io.dingrelay.chat.faq.FaqMatch;
import io.dingrelay.chat.faq.FaqPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * FAQ lookups per second on one core (per CPU-second of the process, pinned to one core): chat-bridge's own FaqIndex (smartcn segmentation, the shipped synonyms, BM25
 * top-1 plus the confidence) over 10,000 pairs, questions as users type them. Baseline in the same run: segmenting
 * the question only (the analysis every lookup starts with), and the same lookups on a 100-pair index.
 *
 * <pre>java -cp … FaqLookupBench [pairs=10000] [seconds=10] [rounds=5]</pre>
 */
public final class FaqLookupBench {

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        FaqAnalyzers analyzers = FaqAnalyzers.withSynonyms(Optional.empty());
        FaqIndex big = index(analyzers, pairs);
        FaqIndex small = index(analyzers, 100);
        List<String> questions = BenchPairs.userQuestions(50_000, 42);
        System.out.printf("pairs %d, %d distinct user questions, %d rounds of %d s, 1 thread, availableProcessors=%d%n",
                pairs, questions.size(), rounds, seconds, Runtime.getRuntime().availableProcessors());

        long matched = questions.stream().limit(2000).filter(q -> {
            List<FaqMatch> m = big.search(q, 1);
            return !m.isEmpty() && m.get(0).confidence() >= 0.6;
        }).count();
        System.out.printf("answered at confidence >= 0.6: %d of 2000 sample questions%n", matched);

        run("warm-up (" + pairs + " pairs)", rounds == 0 ? 0 : 1, seconds, q -> big.search(q, 1).size(), questions);
        double[] analysis = run("baseline: segmentation only", rounds, seconds,
                q -> FaqAnalyzers.terms(analyzers.query(), q).size(), questions);
        double[] small100 = run("baseline: lookup, 100 pairs", rounds, seconds, q -> small.search(q, 1).size(), questions);
        double[] lookups = run("lookup, " + pairs + " pairs", rounds, seconds, q -> big.search(q, 1).size(), questions);
        System.out.printf("%nmedian lookups per CPU-second (one core): %,.0f on %d pairs (baselines: segmentation %,.0f/s, 100 pairs %,.0f/s)%n",
                median(lookups), pairs, median(analysis), median(small100));
    }

    interface Op {
        int apply(String question);
    }

    /**
     * Runs {@code op} for {@code seconds} of the process's CPU time per round (the benchmark thread, JIT and GC
     * threads together, all pinned to one core by the script) and returns operations per CPU second: on a shared
     * machine the process is descheduled for long stretches, which wall-clock rates would count as slowness of the
     * code (the wall-clock rate is printed beside it).
     */
    private static double[] run(String name, int rounds, int seconds, Op op, List<String> questions) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] rates = new double[rounds];
        double[] wall = new double[rounds];
        long sink = 0;
        int i = 0;
        for (int r = 0; r < rounds; r++) {
            long n = 0;
            long start = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long now;
            do {
                for (int k = 0; k < 256; k++) {
                    sink += op.apply(questions.get(i));
                    i = i + 1 == questions.size() ? 0 : i + 1;
                }
                n += 256;
                now = os.getProcessCpuTime();
            } while (now < end);
            rates[r] = n / ((now - start) / 1e9);
            wall[r] = n / ((System.nanoTime() - wallStart) / 1e9);
        }
        System.out.printf("%-32s per CPU-second %s  (wall clock %s)%s%n", name,
                Arrays.toString(Arrays.stream(rates).map(Math::round).toArray()),
                Arrays.toString(Arrays.stream(wall).map(Math::round).toArray()), sink == 42 ? " " : "");
        return rates;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? 0 : v[v.length / 2];
    }

    private static FaqIndex index(FaqAnalyzers analyzers, int n) {
        List<FaqPair> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new FaqPair(i + 1, BenchPairs.question(i), BenchPairs.answer(i), null, null));
        }
        long start = System.nanoTime();
        FaqIndex index = new FaqIndex(analyzers);
        index.rebuild(list);
        System.out.printf("index of %,d pairs built in %d ms%n", n, (System.nanoTime() - start) / 1_000_000);
        return index;
    }
}
