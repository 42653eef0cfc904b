#!/usr/bin/env python3
"""Run ctdiff's run-time benchmarks (or read their JSON) and write the results into
docs/benchmarks.md, between the markers <!-- runtime-results:begin --> and
<!-- runtime-results:end -->, and a bar chart (log scale) as a PNG.

Every benchmark binary bench_<impl> in <build-dir>/bench (the demo excepted) is run once per
problem, with repetitions and random interleaving, JSON output; each holds the hand-written
reference too, so an implementation's ratio to hand-written is two medians of the same process.

    python3 bench/report.py --build-dir build/gcc --build-dir build/clang

Only the standard library and matplotlib (for the chart) are needed.
"""
import argparse
import datetime
import json
import os
import pathlib
import shlex
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BEGIN = "<!-- runtime-results:begin -->"
END = "<!-- runtime-results:end -->"

PROBLEMS = {
    "P1": "P1: f(x, y, z) = (x + y + z) exp(x y z), gradient wrt 3 inputs",
    "P2": "P2: L = ((w x)^2 - t)^2 at x = 2, w = 3, t = 10, gradient wrt w (dL/dw = 1248)",
    "P3": "P3: Rosenbrock, n = 16, gradient wrt 16 inputs",
    "P4": "P4: MLP 4-16-16-1 (tanh, linear output), squared error, one sample, gradient wrt 369 parameters",
    "P5": "P5: MLP 32-64-64-10 (tanh), softmax cross-entropy, one sample, gradient wrt 6,922 parameters",
    "P6": "P6: P4's network over a batch of 256 samples, mean loss, gradient wrt 369 parameters",
}
IMPLEMENTATIONS = {  # in table order
    "handwritten": "hand-written",
    "ctdiff": "ctdiff",
    "eigen": "Eigen AutoDiffScalar",
    "ceres": "Ceres Jet",
    "boost_autodiff": "Boost.Math autodiff",
    "adolc_replay": "ADOL-C, tape replayed",
    "adolc_retape": "ADOL-C, taped per call",
    "torch": "PyTorch (libtorch)",
}


def benchmark_arguments(repetitions, min_time):
    return [
        f"--benchmark_repetitions={repetitions}",
        "--benchmark_enable_random_interleaving=true",
        f"--benchmark_min_time={min_time}",
        "--benchmark_report_aggregates_only=true",
    ]


def run_binaries(build_dir, json_dir, repetitions, min_time):
    binaries = sorted(p for p in (build_dir / "bench").glob("bench_*")
                      if p.is_file() and os.access(p, os.X_OK) and p.name != "bench_demo")
    if not binaries:
        sys.exit(f"report.py: no benchmark binaries in {build_dir / 'bench'}; build them first")
    json_dir.mkdir(parents=True, exist_ok=True)
    for old in json_dir.glob("bench_*.json"):
        old.unlink()
    # One process per binary and problem: a problem's state (ADOL-C's tapes and buffers, which
    # slowed the scalar problems down several times after the networks' large tapes had run in
    # the same process) must not leak into another's figures. Each process also runs the
    # hand-written reference of its problem, so ratios stay within one process.
    for binary in binaries:
        listed = subprocess.run([str(binary), "--benchmark_list_tests=true"], check=True, capture_output=True,
                                text=True).stdout.split()
        for problem in PROBLEMS:
            # only the problems this binary's implementation runs (forward-mode peers: P1-P3)
            if not any(n.startswith(f"{problem}/") and not n.endswith("/handwritten") for n in listed):
                continue
            out = json_dir / f"{binary.name}.{problem}.json"
            command = [str(binary), *benchmark_arguments(repetitions, min_time), f"--benchmark_filter=^{problem}/",
                       f"--benchmark_out={out}", "--benchmark_out_format=json"]
            print("report.py: running", " ".join(shlex.quote(c) for c in command), file=sys.stderr)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def load(json_dir):
    """Medians (CPU ns) per implementation, each with the hand-written medians of its own file."""
    files = sorted(json_dir.glob("bench_*.json"))
    if not files:
        sys.exit(f"report.py: no bench_*.json in {json_dir}")
    context = None
    results = {}      # impl -> problem -> kind -> ns
    reference = {}    # impl -> problem -> kind -> hand-written ns of the same file
    hand = {}         # problem -> kind -> [ns, one per file]
    errors = []
    for path in files:
        data = json.loads(path.read_text())
        context = context or data["context"]
        medians = {}
        for b in data["benchmarks"]:
            problem, kind, impl = b["run_name"].split("/")
            if b.get("error_occurred"):
                errors.append(f"{b['run_name']}: {b.get('error_message', '')}")
                continue
            if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
                assert b["time_unit"] == "ns", b
                medians[(problem, kind, impl)] = b["cpu_time"]
        for (problem, kind, impl), ns in medians.items():
            if impl == "handwritten":
                hand.setdefault(problem, {}).setdefault(kind, []).append(ns)
                continue
            results.setdefault(impl, {}).setdefault(problem, {})[kind] = ns
            ref = medians.get((problem, kind, "handwritten"))
            if ref is not None:
                reference.setdefault(impl, {}).setdefault(problem, {})[kind] = ref
    for problem, kinds in hand.items():
        for kind, values in kinds.items():
            results.setdefault("handwritten", {}).setdefault(problem, {})[kind] = statistics.median(values)
            reference.setdefault("handwritten", {}).setdefault(problem, {})[kind] = statistics.median(values)
    return context, results, reference, errors, len(files)


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "unknown CPU"


def fmt_ns(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}" if ns >= 10 else f"{ns:.2f}"


def fmt_ratio(r):
    return f"{r:.2f}" if r < 10 else f"{r:.1f}" if r < 100 else f"{r:,.0f}"


def table(results, reference, problem):
    lines = ["| implementation | ns per gradient | hand-written, same run | × hand-written | "
             "ns forward only | gradient / forward |",
             "|---|---:|---:|---:|---:|---:|"]
    for impl, label in IMPLEMENTATIONS.items():
        r = results.get(impl, {}).get(problem)
        if not r or "grad" not in r:
            continue
        ref = reference[impl][problem]["grad"]
        same_run = "(median of all runs)" if impl == "handwritten" else fmt_ns(ref)
        name = f"**{label}**" if impl == "ctdiff" else label
        value = r.get("value")
        forward = f"{fmt_ns(value)} | {fmt_ratio(r['grad'] / value)}" if value else "— | —"
        lines.append(f"| {name} | {fmt_ns(r['grad'])} | {same_run} | {fmt_ratio(r['grad'] / ref)} | {forward} |")
    return lines


def section(runs, command, image):
    out = [BEGIN, "<!-- written by bench/report.py: change the script, not this text -->", ""]
    first = runs[0]
    date = first["context"]["date"][:10]
    out += [f"Measured {date} on {cpu_model()} ({first['context']['num_cpus']} cores, "
            f"{first['context']['mhz_per_cpu']} MHz, shared with other work), Debian 12, "
            f"Google Benchmark {benchmark_version()} (Debian's package, built as {first['context'].get('library_build_type', '?')}; "
            "that affects the harness, not the code measured). Every implementation compiled with "
            f"`{first['context'].get('compile_options', '?')}` on top of CMake's Release flags "
            "(`-O2 -DNDEBUG`), `-std=c++20`. Times are CPU time, the median of "
            f"{first['repetitions']} randomly interleaved repetitions; \"× hand-written\" divides two "
            "medians of the same process.", "", "Command:", "", "```sh", command, "```", ""]
    out += [f"![gradient time per problem and implementation, log scale]({image})", ""]
    for run in runs:
        out += [f"### {run['context'].get('compiler', '?').strip()}", ""]
        for problem, title in PROBLEMS.items():
            out += [f"**{title}**", ""]
            out += table(run["results"], run["reference"], problem)
            out.append("")
        if run["errors"]:
            out += ["Failed checks (no figure reported):", ""]
            out += [f"- {e}" for e in run["errors"]]
            out.append("")
    out.append(END)
    return "\n".join(out)


def benchmark_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libbenchmark-dev"],
                             capture_output=True, text=True, check=True).stdout
        return out.split("-")[0]
    except (OSError, subprocess.CalledProcessError):
        return "(version unknown)"


def chart(runs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(runs), figsize=(8.5 * len(runs), 5.6), squeeze=False, sharey=True)
    for ax, run in zip(axes[0], runs):
        impls = [i for i in IMPLEMENTATIONS if i in run["results"]]
        width = 0.8 / len(impls)
        for k, impl in enumerate(impls):
            xs, ys = [], []
            for p, problem in enumerate(PROBLEMS):
                r = run["results"][impl].get(problem, {})
                if "grad" in r:
                    xs.append(p - 0.4 + width * (k + 0.5))
                    ys.append(r["grad"])
            ax.bar(xs, ys, width, label=IMPLEMENTATIONS[impl],
                   edgecolor="black", linewidth=1.2 if impl == "ctdiff" else 0.3)
            for x, y in zip(xs, ys):
                ax.text(x, y * 1.08, fmt_ns(y), ha="center", va="bottom", fontsize=6, rotation=90)
        ax.set_yscale("log")
        ax.set_xticks(range(len(PROBLEMS)), list(PROBLEMS))
        ax.set_title(run["context"].get("compiler", "?").strip(), fontsize=10)
        ax.set_ylabel("ns per value + gradient (median, log scale)")
        ax.grid(axis="y", which="both", alpha=0.3)
        ax.set_ylim(top=ax.get_ylim()[1] * 3)  # room for the labels
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle("ctdiff run-time benchmarks: value and full gradient", fontsize=11)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", action="append", type=pathlib.Path,
                        help="a configured and built tree (repeatable); its bench/bench_* are run")
    parser.add_argument("--json-dir", type=pathlib.Path, default=pathlib.Path("build/bench-results"),
                        help="where the JSON goes (one subfolder per build dir)")
    parser.add_argument("--read-only", action="store_true", help="read the JSON already in --json-dir, run nothing")
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--min-time", type=float, default=0.1)
    parser.add_argument("--doc", type=pathlib.Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--image", type=pathlib.Path, default=ROOT / "docs" / "img" / "benchmarks.png")
    args = parser.parse_args()
    build_dirs = args.build_dir or [pathlib.Path("build/gcc")]

    runs = []
    for build_dir in build_dirs:
        json_dir = args.json_dir / build_dir.name
        if not args.read_only:
            run_binaries(build_dir, json_dir, args.repetitions, args.min_time)
        context, results, reference, errors, files = load(json_dir)
        runs.append({"context": context, "results": results, "reference": reference,
                     "errors": errors, "repetitions": args.repetitions})
        print(f"report.py: {files} result files from {json_dir}", file=sys.stderr)

    command = "python3 bench/report.py " + " ".join(f"--build-dir {shlex.quote(str(b))}" for b in build_dirs)
    command += f" --repetitions {args.repetitions} --min-time {args.min_time}"
    command += "\n# each binary, once per problem P: bench_<impl> " + " ".join(benchmark_arguments(args.repetitions, args.min_time))
    command += " --benchmark_filter=^P/ --benchmark_out=<json> --benchmark_out_format=json"
    image = os.path.relpath(args.image, args.doc.parent)
    text = section(runs, command, image)

    doc = args.doc.read_text()
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + text + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n## Run time\n\n" + text + "\n"
    args.doc.write_text(doc)
    chart(runs, args.image)
    print(f"report.py: wrote {args.doc} and {args.image} ({datetime.date.today()})", file=sys.stderr)


if __name__ == "__main__":
    main()
