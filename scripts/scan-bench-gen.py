"""Inputs of scripts/scan-bench.sh: a tree of code and logs with realistic dot density, and a
git history (a `git fast-import` stream) of commits rewriting parts of 40 files.

usage: scan-bench-gen.py tree DIR MEGABYTES
       scan-bench-gen.py history COMMITS | git fast-import --quiet
"""

import random
import sys

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
rng = random.Random(7)


def word(n=6):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def jwt():
    part = lambda n: "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(n))
    return f"eyJ{part(20)}.eyJ{part(60)}.{part(43)}"


def code_line():
    return rng.choice([
        f"    self.{word()}.{word(4)}({word()}.{word(3)}, {rng.random() * 100:.4f})",
        f"    result = {word()}.{word()}.{word()}().{word(5)}[{rng.randint(0, 99)}]",
        f"import {word()}.{word()}.{word()}",
        f"    url = \"https://{word()}.example.com/{word()}.{word(3)}?v={rng.randint(1, 9)}.{rng.randint(0, 99)}\"",
        f"    assert abs(x - {rng.random():.6f}) < 1e-9, \"{word()} {word()}.\"",
        f"    token = \"{jwt()}\"",
    ])


def log_line():
    return rng.choice([
        f'{{"ts":"2026-01-0{rng.randint(1, 9)}T10:00:00.{rng.randint(100, 999)}Z","level":"info","msg":"GET /{word()}.{word(4)}?q=%22{word()}%22 took {rng.random():.3f}s\\n","caller":"{word()}.{word()}:{rng.randint(1, 999)}"}}',
        f'{rng.randint(10, 250)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)} - - "POST /v1/{word()}.json HTTP/1.1" 200 {rng.randint(100, 9999)} {rng.random():.4f}',
        f'{{"msg":"auth ok","token":"{jwt()}","elapsed_ms":{rng.random() * 10:.2f}}}',
    ])


def key():
    ident = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(10))
    return f"WHYLABS_API_KEY={ident}.{SECRET}:org-bench"


POOLS = {}


def text(lines, make, keys=0):
    # Lines drawn from a pool made once: generating each line anew would take minutes.
    if make not in POOLS:
        POOLS[make] = [make() for _ in range(20000)]
    pool = POOLS[make]
    out = rng.choices(pool, k=lines)
    for _ in range(keys):
        out[rng.randrange(lines)] = key()
    return "\n".join(out) + "\n"


def tree(root, megabytes):
    import os
    written, n = 0, 0
    while written < megabytes * 1_000_000:
        logs = n % 5 == 4
        d = os.path.join(root, "logs" if logs else f"src/pkg{n % 40}")
        os.makedirs(d, exist_ok=True)
        body = text(4000 if logs else 1500, log_line if logs else code_line, keys=1 if n % 97 == 0 else 0)
        with open(os.path.join(d, f"f{n}.{'log' if logs else 'py'}"), "w") as f:
            f.write(body)
        written += len(body)
        n += 1


def history(commits):
    out = sys.stdout.buffer
    files = {f"src/m{i}.py": text(480, code_line).splitlines() for i in range(40)}
    for c in range(commits):
        changed = rng.sample(sorted(files), 2)
        for name in changed:
            lines = files[name]
            start = rng.randrange(len(lines))
            for i in range(start, min(len(lines), start + 30)):
                lines[i] = code_line()
            if c % 250 == 100:
                lines[rng.randrange(len(lines))] = key()
        msg = f"commit {c}\n".encode()
        out.write(b"commit refs/heads/main\n")
        out.write(f"committer Bench <b@example.com> {1_700_000_000 + c} +0000\n".encode())
        out.write(b"data %d\n%s" % (len(msg), msg))
        for name in (files if c == 0 else changed):
            data = ("\n".join(files[name]) + "\n").encode()
            out.write(f"M 100644 inline {name}\ndata {len(data)}\n".encode() + data)
        out.write(b"\n")


if __name__ == "__main__":
    if sys.argv[1] == "tree":
        tree(sys.argv[2], int(sys.argv[3]))
    else:
        history(int(sys.argv[2]))
