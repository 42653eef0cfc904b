#!/usr/bin/env python3
"""Run bench_least_squares (or read its JSON) and print, per build directory (compiler), a
markdown table of the median time per problem of the hand-written Jacobian, ctdiff and Ceres'
AutoDiffCostFunction, the ratios ctdiff / Ceres and ctdiff / hand-written, and their geometric
means; write an SVG bar chart (plain SVG, no plotting library) of the three times per problem.

    python3 bench/least_squares/report.py --build-dir build/lsq-gcc --build-dir build/lsq-clang
    python3 bench/least_squares/report.py --build-dir build/lsq-gcc --read-only   # re-read the JSON
    ... --doc docs/benchmarks.md   # also rewrite the tables between the least-squares markers
    ... --modes --doc docs/benchmarks.md   # the mode table only (see below)

Each binary runs every benchmark with repetitions in random interleaving, in one process, --runs
times (the build dirs alternating, so that each compiler's runs meet the same moments of a shared
machine); the JSON goes to <json-dir>/<build-dir name>.<run>.json, and the repetitions of all runs
are pooled: the tables give their median. Only the Python standard library is needed.

--modes: for binaries built with -DCTDIFF_BENCH_LSQ_MODES=ON, runs the ctdiff benchmarks alone
(--benchmark_filter=/ctdiff: the automatic mode, and "ctdiff_forward" / "ctdiff_reverse" with the
mode forced), the JSON to <json-dir>/<build-dir name>.modes.<run>.json, and prints per compiler a
table of the compile-time counts (the benchmark's counters), the mode jacobian_mode::automatic
chose, the three median times and whether the chosen mode was the faster; with --doc it rewrites
only the text between the least-squares-modes markers (the main tables and the chart stay).
"""
import argparse
import datetime
import hashlib
import json
import math
import pathlib
import shlex
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BEGIN = "<!-- least-squares-results:begin -->"
END = "<!-- least-squares-results:end -->"
MODES_BEGIN = "<!-- least-squares-modes:begin -->"
MODES_END = "<!-- least-squares-modes:end -->"
NOISE = 0.05  # a mode is "the faster" when its median is within this of the other's

# name -> (title, shape); the order of the tables and of the chart
PROBLEMS = {
    "rosenbrock": ("Rosenbrock (MGH 1)", "2 × 2"),
    "freudenstein_roth": ("Freudenstein–Roth (MGH 2)", "2 × 2"),
    "powell_badly_scaled": ("Powell badly scaled (MGH 3)", "2 × 2"),
    "brown_badly_scaled": ("Brown badly scaled (MGH 4)", "3 × 2"),
    "beale": ("Beale (MGH 5)", "3 × 2"),
    "jennrich_sampson": ("Jennrich–Sampson (MGH 6)", "10 × 2"),
    "box_3d": ("Box 3-D (MGH 12)", "10 × 3"),
    "powell_singular": ("Powell singular (MGH 13)", "4 × 4"),
    "wood": ("Wood (MGH 14)", "6 × 4"),
    "kowalik_osborne": ("Kowalik–Osborne (MGH 15)", "11 × 4"),
    "brown_dennis": ("Brown–Dennis (MGH 16)", "20 × 4"),
    "osborne_1": ("Osborne 1 (MGH 17)", "33 × 5"),
    "biggs_exp6": ("Biggs EXP6 (MGH 18)", "13 × 6"),
    "watson": ("Watson, n = 6 (MGH 20)", "31 × 6"),
    "penalty_1": ("Penalty I, n = 10 (MGH 23)", "11 × 10"),
    "penalty_2": ("Penalty II, n = 10 (MGH 24)", "20 × 10"),
    "trigonometric": ("Trigonometric, n = 10 (MGH 26)", "10 × 10"),
    "brown_almost_linear": ("Brown almost-linear, n = 10 (MGH 27)", "10 × 10"),
    "ceres_powell": ("Powell, Ceres powell.cc", "4 × (1 × 2)"),
    "curve_fitting": ("Curve fitting, Ceres curve_fitting.cc", "40 × (1 × 2)"),
    "bal_snavely": ("BAL reprojection (Snavely)", "2 × (9 + 3)"),
}
IMPLEMENTATIONS = {"handwritten": "hand-written", "ctdiff": "ctdiff", "ceres": "Ceres Jet"}
COLOURS = {"handwritten": "#9e9e9e", "ctdiff": "#1f5fa8", "ceres": "#e08a2c"}


def benchmark_arguments(repetitions, min_time, modes=False):
    return [f"--benchmark_repetitions={repetitions}", "--benchmark_enable_random_interleaving=true",
            f"--benchmark_min_time={min_time}"] + (["--benchmark_filter=/ctdiff"] if modes else [])


def binary_of(build_dir):
    path = build_dir / "bench" / "least_squares" / "bench_least_squares"
    if not path.exists():
        sys.exit(f"report.py: {path} not found; build the target ctdiff_bench_least_squares first")
    return path


def run(build_dir, out, repetitions, min_time, modes=False):
    command = [str(binary_of(build_dir)), *benchmark_arguments(repetitions, min_time, modes),
               f"--benchmark_out={out}", "--benchmark_out_format=json"]
    print("report.py: running", " ".join(shlex.quote(c) for c in command), file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def load(paths):
    """context, {problem: {impl: median CPU ns}}, {problem: {impl: cv}}, samples per benchmark, and
    {problem: {counter: value}} (the counters of "<problem>/ctdiff", from a --modes build): the
    repetitions of every file (run) pooled, their median and coefficient of variation."""
    times, context, counters = {}, None, {}
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    for path in paths:
        data = json.loads(path.read_text())
        context = context or data["context"]
        for b in data["benchmarks"]:
            if b.get("error_occurred"):
                sys.exit(f"report.py: {b['run_name']}: {b.get('error_message')}")
            if b.get("run_type") != "iteration":
                continue
            problem, impl = b["run_name"].split("/")
            times.setdefault(problem, {}).setdefault(impl, []).append(b["cpu_time"] * scale[b["time_unit"]])
            if impl == "ctdiff" and "forward_cost" in b:
                counters[problem] = {k: b[k] for k in ("forward_cost", "reverse_cost", "mixed_cost", "forward_applies",
                                                       "forward_terms", "mixed_terms", "mixes", "terms") if k in b}
    medians, cvs, samples = {}, {}, 0
    for problem, d in times.items():
        for impl, v in d.items():
            medians.setdefault(problem, {})[impl] = statistics.median(v)
            cvs.setdefault(problem, {})[impl] = statistics.pstdev(v) / statistics.mean(v)
            samples = len(v)
    return context, medians, cvs, samples, counters


def fmt_ns(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}" if ns >= 10 else f"{ns:.2f}"


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def table(medians):
    lines = ["| problem | m × n | hand-written (ns) | ctdiff (ns) | Ceres Jet (ns) | ctdiff / Ceres | ctdiff / hand-written |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    to_ceres, to_hand = [], []
    for name, (title, shape) in PROBLEMS.items():
        m = medians.get(name)
        if not m or any(i not in m for i in IMPLEMENTATIONS):
            continue
        a, b = m["ctdiff"] / m["ceres"], m["ctdiff"] / m["handwritten"]
        to_ceres.append(a)
        to_hand.append(b)
        lines.append(f"| {title} | {shape} | {fmt_ns(m['handwritten'])} | **{fmt_ns(m['ctdiff'])}** | "
                     f"{fmt_ns(m['ceres'])} | {a:.2f} | {b:.2f} |")
    if to_ceres:
        lines.append(f"| **geometric mean** ({len(to_ceres)} problems) | | | | | **{geomean(to_ceres):.2f}** | "
                     f"**{geomean(to_hand):.2f}** |")
    return lines


def mode_table(medians, counters):
    """Per problem: the counts, the mode automatic chose, the medians of automatic and of each forced
    mode (forward where it applies, reverse, mixed where the plan's mix is one), and whether the
    chosen mode was the fastest of the forced ones (within NOISE)."""
    lines = ["| problem | m × n | forward cost | reverse cost | mixed cost | automatic chose | automatic (ns) | "
             "forward (ns) | reverse (ns) | mixed (ns) | automatic / chosen forced (same code) | "
             "chosen mode the fastest? |",
             "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    right = judged = 0
    for name, (title, shape) in PROBLEMS.items():
        m, c = medians.get(name, {}), counters.get(name)
        if not c or "ctdiff" not in m or "ctdiff_reverse" not in m:
            continue
        forced = {"reverse": m["ctdiff_reverse"]}
        if c["forward_applies"] >= 1 and "ctdiff_forward" in m:
            forced["forward"] = m["ctdiff_forward"]
        if c.get("mixes", 0) >= 1 and "ctdiff_mixed" in m:
            forced["mixed"] = m["ctdiff_mixed"]
        terms, fwd_terms, mix_terms = int(c["terms"]), int(c["forward_terms"]), int(c.get("mixed_terms", 0))
        rev_terms = terms - fwd_terms - mix_terms
        if fwd_terms == terms:
            chose = "forward"
        elif mix_terms == terms:
            chose = "mixed"
        elif rev_terms == terms:
            chose = "reverse"
        else:
            chose = f"{fwd_terms} forward, {rev_terms} reverse, {mix_terms} mixed of {terms} terms"
        cost = lambda mode: f"{int(c[mode + '_cost']):,}" if mode in forced else "n/a"
        time = lambda mode: fmt_ns(forced[mode]) if mode in forced else "n/a"
        if chose in forced:
            same = f"{m['ctdiff'] / forced[chose]:.2f}"
            others = {k: v for k, v in forced.items() if k != chose}
            if not others:
                verdict = "— (only one mode applies)"
            else:
                judged += 1
                mine = forced[chose]
                fastest, best = min(others.items(), key=lambda kv: kv[1])
                spread = ", ".join(f"{k} {v / mine:.2f}×" for k, v in sorted(others.items()))
                if mine <= best:
                    right += 1
                    verdict = f"yes ({spread})"
                elif mine <= best * (1 + NOISE):
                    right += 1
                    verdict = f"yes, within {NOISE * 100:.0f} % ({spread})"
                else:
                    verdict = f"**no**: {fastest} is {mine / best:.2f}× faster"
        else:
            same, verdict = "—", "—"
        lines.append(f"| {title} | {shape} | {cost('forward')} | {int(c['reverse_cost']):,} | {cost('mixed')} | "
                     f"{chose} | {fmt_ns(m['ctdiff'])} | {time('forward')} | {time('reverse')} | {time('mixed')} | "
                     f"{same} | {verdict} |")
    lines += ["", f"The chosen mode was the fastest (or within {NOISE * 100:.0f} %) on {right} of the {judged} problems "
                  "where more than one mode applies."]
    return lines


def headers_newer_than(binary):
    """Whether a header under include/ changed after `binary` was built (then the hash of include/
    describes the tree now, not the code that was timed)."""
    try:
        built = binary.stat().st_mtime
        return any(f.stat().st_mtime > built for f in (ROOT / "include").rglob("*.hpp"))
    except OSError:
        return False


def modes_markdown(runs, command):
    head, include_hash = library_state()
    first = runs[0]["context"]
    stale = [str(r["build_dir"]) for r in runs if headers_newer_than(r["build_dir"] / "bench" / "least_squares" /
                                                                      "bench_least_squares")]
    out = [MODES_BEGIN, "<!-- written by bench/least_squares/report.py --modes: change the script, not this text -->",
           "",
           f"Measured {first['date'][:10]} on {cpu_model()} ({first['num_cpus']} cores, shared with other work), "
           f"ctdiff at commit {head} (include/ hash {include_hash}), the build options of the tables above plus "
           f"`-DCTDIFF_BENCH_LSQ_MODES=ON`. Median CPU time per evaluation of the whole problem, "
           f"{runs[0]['samples']} samples ({runs[0]['files']} run(s) of the binary, pooled). The costs are the "
           "multiply-adds `tangent_plan` counts, summed over the problem's terms (Powell: 4 cost functions; curve "
           "fitting: 40 terms of 7 forward, 5 reverse); the forward cost is n/a where forward mode does not apply, "
           "the mixed cost where the plan's mix is not one (all rows in one mode). The verdict compares the forced "
           "modes. `automatic` runs the same code as the forced chosen mode "
           "(another translation unit), so their ratio, the column before the verdict, shows how large the noise "
           "of these measurements is." + (f" **Note:** include/ changed after the binaries of {', '.join(stale)} "
                                          "were built; the hash above is of include/ now, not of the code timed."
                                          if stale else ""),
           "", "```sh", command, "```", ""]
    for r in runs:
        out += [f"**{compiler_of(r['context'])}**", ""]
        out += mode_table(r["medians"], r["counters"])
        modes = ("ctdiff", "ctdiff_forward", "ctdiff_reverse", "ctdiff_mixed")
        worst = max(((cv, p, i) for p, d in r["cvs"].items() for i, cv in d.items() if i in modes), default=None)
        if worst:
            out += ["", f"Largest coefficient of variation over the repetitions: {worst[0] * 100:.0f} % "
                        f"({worst[1]}/{worst[2]})."]
        out.append("")
    out.append(MODES_END)
    return "\n".join(out)


def release_flags(build_dir):
    """CMAKE_CXX_FLAGS_RELEASE of the build tree (what the per-target options are added to)."""
    try:
        for line in (build_dir / "CMakeCache.txt").read_text().splitlines():
            if line.startswith("CMAKE_CXX_FLAGS_RELEASE:"):
                return line.split("=", 1)[1]
    except OSError:
        pass
    return "?"


def compiler_of(context):
    return context.get("compiler", "?").strip()


def short_compiler(context):
    c = compiler_of(context)
    return c.split(" (")[0] if c.startswith("g++") else " ".join(c.split()[:2] + c.split()[3:4])


def library_state():
    """The commit and a hash of include/ as it is now (the working tree may differ from the commit)."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head = "unknown commit"
    h = hashlib.sha256()
    for f in sorted((ROOT / "include").rglob("*.hpp")):
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return head, h.hexdigest()[:12]


def ceres_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libceres-dev"], capture_output=True, text=True,
                             check=True).stdout
        return out.split("+")[0].split("-")[0] + " (Debian's libceres-dev)"
    except (OSError, subprocess.CalledProcessError):
        return "(version unknown)"


def cpu_model():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "unknown CPU"


def markdown(runs, command, image):
    head, include_hash = library_state()
    first = runs[0]["context"]
    out = [BEGIN, "<!-- written by bench/least_squares/report.py: change the script, not this text -->", ""]
    out += [f"Measured {first['date'][:10]} on {cpu_model()} ({first['num_cpus']} cores, shared with other work), "
            f"ctdiff at commit {head} (include/ hash {include_hash}), Ceres {ceres_version()}. Compiled "
            f"with `{first.get('compile_options', '?')}` on top of CMake's Release flags (`{runs[0]['flags']}`), "
            f"`-std=c++20`. Times are CPU time per evaluation of the whole problem (residuals and Jacobian of every "
            f"term): the median of {runs[0]['samples']} samples, the randomly interleaved repetitions of "
            f"{runs[0]['files']} runs of the binary at different times, pooled.", "",
            "```sh", command, "```", "", f"![median time per problem, log scale]({image})", ""]
    for r in runs:
        out += [f"**{compiler_of(r['context'])}**", ""]
        out += table(r["medians"])
        worst = max(((cv, p, i) for p, d in r["cvs"].items() for i, cv in d.items() if i in IMPLEMENTATIONS),
                    default=None)
        if worst:
            out += ["", f"Largest coefficient of variation over the repetitions: {worst[0] * 100:.0f} % "
                        f"({worst[1]}/{worst[2]})."]
        out.append("")
    out.append(END)
    return "\n".join(out)


def svg_chart(runs, path):
    """Horizontal bars, log scale, one panel per compiler, three bars per problem."""
    problems = [p for p in PROBLEMS if all(p in r["medians"] for r in runs)]
    label_w, panel_w, gap, top, bar_h, group_gap = 250, 330, 30, 70, 6, 7
    group_h = bar_h * len(IMPLEMENTATIONS) + group_gap
    height = top + group_h * len(problems) + 45
    width = label_w + len(runs) * (panel_w + gap)
    values = [r["medians"][p][i] for r in runs for p in problems for i in IMPLEMENTATIONS]
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    decades = math.log10(hi / lo)

    def x_of(panel, ns):
        return label_w + panel * (panel_w + gap) + panel_w * math.log10(ns / lo) / decades

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    e = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">'
         'Residuals + Jacobian: median ns per evaluation (log scale)</text>']
    # legend
    lx = label_w
    for impl, label in IMPLEMENTATIONS.items():
        e.append(f'<rect x="{lx}" y="28" width="12" height="10" fill="{COLOURS[impl]}"/>')
        e.append(f'<text x="{lx + 16}" y="37">{esc(label)}</text>')
        lx += 30 + 7 * len(label)
    for k, r in enumerate(runs):
        x0 = label_w + k * (panel_w + gap)
        e.append(f'<text x="{x0 + panel_w / 2}" y="{top - 12}" text-anchor="middle" font-weight="bold">'
                 f'{esc(short_compiler(r["context"]))}</text>')
        d = lo
        while d <= hi * 1.0001:
            x = x_of(k, d)
            e.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + group_h * len(problems)}" '
                     'stroke="#dddddd"/>')
            tick = f"{d:,.0f}" if d >= 1 else f"{d:g}"
            e.append(f'<text x="{x:.1f}" y="{top + group_h * len(problems) + 14}" text-anchor="middle" '
                     f'fill="#555555">{tick}</text>')
            d *= 10
        e.append(f'<text x="{x0 + panel_w / 2}" y="{top + group_h * len(problems) + 30}" text-anchor="middle" '
                 'fill="#555555">ns</text>')
        for i, p in enumerate(problems):
            y = top + i * group_h
            for j, impl in enumerate(IMPLEMENTATIONS):
                ns = r["medians"][p][impl]
                w = max(x_of(k, ns) - x0, 1)
                stroke = ' stroke="black" stroke-width="0.6"' if impl == "ctdiff" else ""
                e.append(f'<rect x="{x0}" y="{y + j * bar_h}" width="{w:.1f}" height="{bar_h - 1}" '
                         f'fill="{COLOURS[impl]}"{stroke}><title>{esc(p)} / {esc(IMPLEMENTATIONS[impl])}: '
                         f'{fmt_ns(ns)} ns</title></rect>')
            ratio = r["medians"][p]["ctdiff"] / r["medians"][p]["ceres"]
            e.append(f'<text x="{x0 + panel_w + 2}" y="{y + bar_h * 2}" font-size="8" '
                     f'fill="{"#1f5fa8" if ratio <= 1 else "#b03020"}">{ratio:.2f}</text>')
    for i, p in enumerate(problems):
        y = top + i * group_h + bar_h * 2
        e.append(f'<text x="{label_w - 6}" y="{y}" text-anchor="end">{esc(PROBLEMS[p][0])}</text>')
    e.append(f'<text x="{width - 4}" y="{height - 4}" text-anchor="end" font-size="9" fill="#555555">'
             'small numbers right of each group: ctdiff / Ceres</text>')
    e.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(e) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", action="append", type=pathlib.Path,
                        help="a build tree with bench/least_squares/bench_least_squares (repeatable)")
    parser.add_argument("--json-dir", type=pathlib.Path, default=pathlib.Path("build/bench-results/least_squares"),
                        help="where the JSON goes: <build dir name>.<run>.json")
    parser.add_argument("--read-only", action="store_true", help="read the JSON already in --json-dir")
    parser.add_argument("--repetitions", type=int, default=15)
    parser.add_argument("--min-time", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=1,
                        help="processes per build dir (at different times); their repetitions are pooled")
    parser.add_argument("--image", type=pathlib.Path, default=ROOT / "docs" / "img" / "least_squares.svg")
    parser.add_argument("--doc", type=pathlib.Path, help="rewrite the tables between the markers in this file")
    parser.add_argument("--modes", action="store_true",
                        help="the ctdiff benchmarks alone, automatic against forced forward / reverse mode (binaries "
                             "built with -DCTDIFF_BENCH_LSQ_MODES=ON); rewrites only the mode table")
    args = parser.parse_args()
    build_dirs = args.build_dir or [pathlib.Path("build/lsq-gcc")]
    tag = ".modes" if args.modes else ""

    def json_files(build_dir):  # <name>.<run>.json, or <name>.modes.<run>.json
        return sorted(f for f in args.json_dir.glob(f"{build_dir.name}{tag}.*.json")
                      if f.name[len(build_dir.name + tag) + 1:-len(".json")].isdigit())

    if not args.read_only:
        for build_dir in build_dirs:
            for old in json_files(build_dir):
                old.unlink()
        for k in range(args.runs):
            for build_dir in build_dirs:
                run(build_dir, args.json_dir / f"{build_dir.name}{tag}.{k}.json", args.repetitions, args.min_time,
                    args.modes)
    runs = []
    for build_dir in build_dirs:
        paths = json_files(build_dir)
        if not paths:
            sys.exit(f"report.py: no {build_dir.name}{tag}.<run>.json in {args.json_dir}")
        context, medians, cvs, samples, counters = load(paths)
        if args.modes and not counters:
            sys.exit(f"report.py: {build_dir}: no mode counters; configure it with -DCTDIFF_BENCH_LSQ_MODES=ON")
        runs.append({"context": context, "medians": medians, "cvs": cvs, "samples": samples, "files": len(paths),
                     "flags": release_flags(build_dir), "counters": counters, "build_dir": build_dir})

    command = "python3 bench/least_squares/report.py " + " ".join(f"--build-dir {shlex.quote(str(b))}" for b in build_dirs)
    command += f"{' --modes' if args.modes else ''} --repetitions {args.repetitions} --min-time {args.min_time}"
    command += f" --runs {args.runs}"
    command += f"\n# runs, per build dir, {args.runs} time(s): bench_least_squares " + " ".join(
        benchmark_arguments(args.repetitions, args.min_time, args.modes))
    command += " --benchmark_out=<json> --benchmark_out_format=json"
    if args.modes:
        text = modes_markdown(runs, command)
        print(text)
        if args.doc:
            doc = args.doc.read_text()
            if MODES_BEGIN not in doc or MODES_END not in doc:
                sys.exit(f"report.py: {args.doc} has no {MODES_BEGIN} ... {MODES_END} markers")
            args.doc.write_text(doc[:doc.index(MODES_BEGIN)] + text + doc[doc.index(MODES_END) + len(MODES_END):])
            print(f"report.py: wrote {args.doc} ({datetime.date.today()})", file=sys.stderr)
        return
    doc_dir = (args.doc.parent if args.doc else ROOT / "docs").resolve()
    image = str(pathlib.Path(args.image).resolve().relative_to(doc_dir)) if str(args.image.resolve()).startswith(
        str(doc_dir)) else str(args.image)
    text = markdown(runs, command, image)
    print(text)
    svg_chart(runs, args.image)
    if args.doc:
        doc = args.doc.read_text()
        if BEGIN not in doc or END not in doc:
            sys.exit(f"report.py: {args.doc} has no {BEGIN} ... {END} markers")
        args.doc.write_text(doc[:doc.index(BEGIN)] + text + doc[doc.index(END) + len(END):])
    print(f"report.py: wrote {args.image}{' and ' + str(args.doc) if args.doc else ''} ({datetime.date.today()})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
