#!/usr/bin/env python3
"""libxml2 reference line for `cargo bench --bench xml`.

For every file given, measures with python lxml (which bundles libxml2):

- parse: etree.fromstring(bytes)
- parse + exclusive C14N of the SOAP Body:
  etree.tostring(body, method="c14n", exclusive=True)

Timing: at least --min-reps runs and at least --min-time seconds after one warm-up run; the
median wall time and the mean on-CPU time of this thread (time.thread_time), the same method
the Rust side uses for its summary. Peak RSS growth of one
parse + C14N is measured in a fresh interpreter per file.

Prints one JSON object per file on stdout:
  {"file", "bytes", "parse_mbps", "parse_c14n_mbps", "parse_cpu_mbps", "parse_c14n_cpu_mbps",
   "c14n_sha256", "rss_delta_bytes", "libxml2", "lxml"}
MB/s means 10^6 bytes per second. Exits 2 with a message on stderr if lxml is missing.
"""

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time

try:
    from lxml import etree
except ImportError as e:  # the Rust side prints this as the reason the line did not run
    print(f"python lxml is not installed ({e}); try `pip install lxml`", file=sys.stderr)
    sys.exit(2)

SOAP11_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"


def parser():
    # huge_tree: the soapsec side runs with Limits::unbounded_for_trusted_input(), so lift
    # libxml2's 10 MB text-node limit too (the 16 MiB CipherValue needs it).
    return etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def parse(data, p):
    return etree.fromstring(data, p)


def parse_c14n(data, p):
    root = etree.fromstring(data, p)
    body = root.find(SOAP11_BODY)
    return etree.tostring(body, method="c14n", exclusive=True)


def time_it(fn, min_reps, min_time):
    """(median wall seconds, mean on-CPU seconds of this thread) per run."""
    fn()  # warm-up
    times = []
    cpu0 = time.thread_time()
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < min_time:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    cpu = (time.thread_time() - cpu0) / len(times)
    times.sort()
    return times[len(times) // 2], cpu


def _status_kib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def rss_one(path):
    """Peak RSS growth (bytes) of one parse + C14N, measured after the input is loaded.

    Linux: reset the high-water mark (clear_refs 5), then VmHWM - VmRSS. Elsewhere, the growth
    of ru_maxrss, which misses growth that stays under an earlier (import-time) peak."""
    with open(path, "rb") as f:
        data = f.read()
    p = parser()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = _status_kib("VmRSS")
        out = parse_c14n(data, p)
        after = _status_kib("VmHWM")
    except OSError:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out = parse_c14n(data, p)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del out
    print(max(after - before, 0) * 1024)  # both are in KiB on Linux


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-reps", type=int, default=5)
    ap.add_argument("--min-time", type=float, default=1.5)
    ap.add_argument("--rss-one", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.rss_one:
        rss_one(args.rss_one)
        return

    p = parser()
    for path in args.files:
        with open(path, "rb") as f:
            data = f.read()
        n = len(data)
        t_parse, cpu_parse = time_it(lambda: parse(data, p), args.min_reps, args.min_time)
        t_c14n, cpu_c14n = time_it(lambda: parse_c14n(data, p), args.min_reps, args.min_time)
        digest = hashlib.sha256(parse_c14n(data, p)).hexdigest()
        rss = None
        try:
            r = subprocess.run(
                [sys.executable, __file__, "--rss-one", path],
                capture_output=True,
                text=True,
                check=True,
            )
            rss = int(r.stdout.strip())
        except (subprocess.CalledProcessError, ValueError):
            pass
        print(
            json.dumps(
                {
                    "file": path,
                    "bytes": n,
                    "parse_mbps": n / 1e6 / t_parse,
                    "parse_c14n_mbps": n / 1e6 / t_c14n,
                    "parse_cpu_mbps": n / 1e6 / cpu_parse if cpu_parse > 0 else None,
                    "parse_c14n_cpu_mbps": n / 1e6 / cpu_c14n if cpu_c14n > 0 else None,
                    "c14n_sha256": digest,
                    "rss_delta_bytes": rss,
                    "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
                    "lxml": etree.__version__,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
