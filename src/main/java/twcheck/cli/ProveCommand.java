package twcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import twcheck.engine.Trace;
import twcheck.check.CheckResult;
import twcheck.check.TraceBuilder;
import twcheck.model.Property;
import twcheck.model.PropertyResult;
import twcheck.model.Verdict;
import twcheck.spec.Claim;
import twcheck.spec.ClaimFiles;
import twcheck.spec.Evidence;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.report.JsonEnvelope;
import twcheck.trace.Json;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

@Command(name = "prove",
        description = "Re-check every recorded claim (*.claim) in a folder; fail naming each claim whose verdict"
                + " or shortest-run length changed. Every claim, its model and its evidence are read first.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every claim is as recorded",
            "1:a claim changed (each is named)",
            "2:a claim file, its model or its evidence file is not valid: no claim was checked",
            "3:undecided: a claim's search was cut short (memory) or the run was interrupted (Ctrl-C);"
                    + " the claims decided are reported, the rest named as not decided",
            "70:internal error (run again with --debug for the stack trace)",
            "74:--record could not write the evidence, or a file could not be read"})
final class ProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the folder of claims, e.g. proofs/")
    Path dir;

    @Option(names = "--record", description = "write the evidence found (NAME.evidence.json, NAME.itf.json)"
            + " next to each claim whose verdict is as expected")
    boolean record;

    @Option(names = "--validate", description = "only read and validate every claim, its model file and its evidence;"
            + " check nothing (exit 0 if all are valid, 2 if not)")
    boolean validateOnly;

    @Option(names = "--json", description = "print the outcome of every claim as one JSON object instead of the lines"
            + " (docs/schemas/prove.schema.json)")
    boolean json;

    /** Tests: stands in for Ctrl-C once this many claims are checked (0: never). */
    int interruptAfter;

    @Override
    public Integer call() throws IOException {
        if (record && validateOnly) throw new SpecException("--record and --validate exclude each other");
        if (json && validateOnly) throw new SpecException("--json and --validate exclude each other");
        if (!Files.isDirectory(dir)) throw new SpecException(dir + ": not a folder of claims");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".claim")).sorted().toList();
        }
        if (files.isEmpty()) throw new SpecException(dir + ": no *.claim files");
        // Every claim, its model and its evidence are read before any runs: a bad file is
        // reported at once, not after minutes of checking the claims before it.
        List<Claim> claims = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                claims.add(ClaimFiles.read(f));
            } catch (SpecException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            for (String problem : problems) err.println("twcheck: " + problem);
            err.println("twcheck: " + dir + ": " + problems.size() + " of " + files.size() + " claim files "
                    + (problems.size() == 1 ? "is" : "are") + " not valid; no claim was checked");
            return Main.BAD_INPUT;
        }
        if (record) OutputFiles.prepare("--record", "the folder " + dir, dir); // before the checks, not after
        return Interruption.run(spec, interruption -> {
            try {
                return prove(claims, interruption);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Re-checks the claims in turn (until an interrupt); returns the exit code. */
    private int prove(List<Claim> claims, Interruption interruption) throws IOException {
        // with --json the lines go nowhere and the claims' outcomes are printed at the end
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        ArrayNode outcomes = Json.mapper().createArrayNode();
        if (validateOnly) {
            out.println("all " + claims.size() + " claim files in " + dir + " are valid (--validate: none was checked)");
            return Main.ALL_HOLD;
        }

        ObjectMapper mapper = Json.mapper();
        List<String> changed = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        int checked = 0;
        for (Claim claim : claims) {
            if (interruption.raised()) break;
            ModelSpec model = claim.spec();
            boolean witness = claim.property().kind() == Property.Kind.SOMETIMES;
            CheckResult result = Runs.check(model, witness ? List.of() : List.of(claim.property()), (Progress) null, interruption);
            if (interruption.raised() && !result.complete()) {
                out.println("stopped  " + claim.name() + ": interrupted before it was decided");
                outcome(outcomes, claim).put("outcome", "interrupted");
                break;
            }
            checked++;
            if (checked == interruptAfter) interruption.raise(); // the test hook: as if Ctrl-C came now
            PropertyResult found = (witness ? result.witnesses() : result.properties()).stream()
                    .filter(r -> r.property().equals(claim.property())).findFirst().orElseThrow();
            String verdict = verdictWord(found, witness);
            if (found.verdict() == Verdict.UNKNOWN) {
                // not decided is not changed: the recorded verdict may well still be right
                out.println("UNKNOWN  " + claim.name() + ": not decided: " + result.incompleteReason());
                outcome(outcomes, claim).put("outcome", "unknown")
                        .put("reason", result.incompleteReason());
                undecided.add(claim.name());
                continue;
            }
            Trace run = found.counterexample();
            Integer length = run == null ? null : run.length();
            boolean asExpected = verdict.equals(claim.expect())
                    && (claim.length() == null || claim.length().equals(length));
            String stats = String.format("%,d states, depth %d", result.search().distinctStates(), result.search().depth());
            ObjectNode outcome = outcome(outcomes, claim);
            if (claim.length() != null) outcome.put("expectedLength", claim.length());
            outcome.put("found", verdict);
            if (length != null) outcome.put("length", length);
            outcome.put("outcome", asExpected ? "as-recorded" : "changed")
                    .put("distinctStates", result.search().distinctStates()).put("depth", result.search().depth());
            if (asExpected) {
                out.println("ok       " + claim.name() + ": found as recorded: " + claim.property().name() + " " + verdict
                        + (length == null || claim.length() == null ? "" : " (" + steps(length) + ")") + "; " + stats);
                out.println("         claim: " + claim.statement());
            } else {
                String expected = claim.expect() + (claim.length() == null ? "" : " (" + steps(claim.length()) + ")");
                String got = verdict + (length == null ? "" : " (" + steps(length) + ")");
                out.println("CHANGED  " + claim.name() + ": expected " + expected + ", found " + got + "; " + stats);
                changed.add(claim.name());
            }
            Path evidenceFile = Claim.evidenceFile(claim.file());
            if (asExpected && record) {
                String traceName = null;
                if (run != null) {
                    traceName = claim.name() + TraceFile.FILE_ENDING;
                    TraceFile trace = TraceBuilder.build(model, model.instantiate(), claim.property(),
                            witness ? TraceKind.WITNESS : found.verdict() == Verdict.VIOLATED ? TraceKind.COUNTEREXAMPLE
                                    : TraceKind.WORST_CASE,
                            run, found.loopStart(),
                            claim.property().kind().liveness() ? model.fairness() : null);
                    OutputFiles.write(claim.file().resolveSibling(traceName), trace.toJson() + "\n");
                }
                Evidence evidence = new Evidence(claim.statement(), claim.property().name(), verdict, length,
                        result.search().distinctStates(), result.search().transitions(), result.search().depth(), traceName);
                OutputFiles.write(evidenceFile, mapper.writeValueAsString(evidence) + "\n");
            } else if (claim.evidence() != null) {
                Evidence recorded = claim.evidence();
                if (recorded.distinctStates() != result.search().distinctStates() || recorded.depth() != result.search().depth()) {
                    out.println("         note: the recorded evidence differs (" + String.format("%,d states, depth %d",
                            recorded.distinctStates(), recorded.depth()) + " recorded): run 'prove --record'");
                }
            } else {
                out.println("         note: no evidence recorded yet: run 'prove --record'");
            }
        }
        out.println();
        if (json) {
            ObjectNode body = Json.mapper().createObjectNode().put("folder", dir.toString()).put("claims", claims.size())
                    .put("checked", checked).put("complete", !interruption.raised() && undecided.isEmpty());
            ArrayNode names = body.putArray("changed");
            changed.forEach(names::add);
            ArrayNode notDecided = body.putArray("undecided");
            undecided.forEach(notDecided::add);
            for (Claim claim : claims.subList(outcomes.size(), claims.size())) {
                outcome(outcomes, claim).put("outcome", "not-run");
            }
            body.set("results", outcomes);
            spec.commandLine().getOut().println(JsonEnvelope.render(body, "prove"));
            OutputFiles.flush(spec.commandLine().getOut());
        }
        if (interruption.raised()) {
            out.println("PROVE INTERRUPTED: " + checked + " of " + claims.size() + " claims re-checked"
                    + (changed.isEmpty() ? "" : ", " + changed.size() + " changed: " + String.join(", ", changed))
                    + "; the others were not checked");
            OutputFiles.flush(out);
            return Main.INCOMPLETE;
        }
        if (!undecided.isEmpty()) {
            out.println(undecided.size() + " of " + claims.size() + " claims not decided: " + String.join(", ", undecided)
                    + (changed.isEmpty() ? "" : "; " + changed.size() + " changed: " + String.join(", ", changed)));
            OutputFiles.flush(out);
            return Main.INCOMPLETE;
        }
        if (!changed.isEmpty()) {
            out.println(changed.size() + " of " + claims.size() + " claims changed: " + String.join(", ", changed));
            OutputFiles.flush(out);
            return Main.VIOLATED;
        }
        out.println("all " + claims.size() + " claims re-checked: as recorded");
        OutputFiles.flush(out);
        return Main.ALL_HOLD;
    }

    /** A claim's entry in --json's results, with what every entry names. */
    private static ObjectNode outcome(ArrayNode outcomes, Claim claim) {
        return outcomes.addObject().put("claim", claim.name()).put("statement", claim.statement())
                .put("property", claim.property().name()).put("expected", claim.expect());
    }

    private static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    private static String verdictWord(PropertyResult r, boolean witness) {
        if (r.verdict() == Verdict.UNKNOWN) return "unknown";
        if (witness) return r.verdict() == Verdict.HOLDS ? "reached" : "unreached";
        return r.verdict().jsonName();
    }
}
