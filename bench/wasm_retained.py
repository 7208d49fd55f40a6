#!/usr/bin/env python3
"""What a wasm module's functions cost, and what would go if some of them were never called.

    python3 bench/wasm_retained.py MODULE.wasm MODULE.wat 'REGEX' [N]

MODULE.wasm must keep its names section (the wasm-release build before wasm-bindgen and
wasm-opt: target/wasm32-unknown-unknown/wasm-release/coldstart_web.wasm); MODULE.wat is its text
(`wasm-dis MODULE.wasm -o MODULE.wat`, binaryen from node_modules/.bin). Prints the code bytes
reachable from the exports and the function table, then the bytes of the functions that are
reachable only through functions whose demangled name matches REGEX (twiggy's "retained size"
of that set, by call graph; twiggy is not installed here), largest N first. Used for serde's
`Content` in docs/benchmarks.md ("Issue 14, eighth round: wasm size").
"""
import collections
import re
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sizes(path):
    """{mangled name: code bytes} from the code and names sections."""
    b = open(path, "rb").read()
    i, nimp, bodies, names = 8, 0, [], {}
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        off, i = i, i + n
        if sid == 2:  # imports: functions among them shift the indices
            cnt, j = leb(b, off)
            for _ in range(cnt):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    nimp += 1
                elif kind in (1, 2):
                    j += 1 if kind == 1 else 0
                    fl = b[j]
                    _, j = leb(b, j + 1)
                    if fl & 1:
                        _, j = leb(b, j)
                else:
                    j += 2
        elif sid == 10:
            cnt, j = leb(b, off)
            for _ in range(cnt):
                st = j
                ln, j = leb(b, j)
                bodies.append(j - st + ln)
                j += ln
        elif sid == 0:
            ln, j = leb(b, off)
            if b[j : j + ln] == b"name":
                j += ln
                while j < off + n:
                    ssid = b[j]
                    sl, j = leb(b, j + 1)
                    if ssid == 1:
                        cnt, k = leb(b, j)
                        for _ in range(cnt):
                            idx, k = leb(b, k)
                            ln, k = leb(b, k)
                            names[idx] = b[k : k + ln].decode("utf8", "replace")
                            k += ln
                    j += sl
    return {names.get(nimp + k, f"?{nimp + k}"): s for k, s in enumerate(bodies)}


ESCAPES = {"$LT$": "<", "$GT$": ">", "$RF$": "&", "$BP$": "*", "$C$": ",", "$u20$": " ",
           "$u27$": "'", "$u5b$": "[", "$u5d$": "]", "$u7b$": "{", "$u7d$": "}", "$u3b$": ";",
           "$u2b$": "+", "$u22$": '"', "$SP$": "@", "$LP$": "(", "$RP$": ")", "$u7e$": "~",
           "$u21$": "!"}


def demangle(s):
    """Rust's legacy mangling, enough to read and match names (v0 names are left as they are)."""
    if not s.startswith("_ZN"):
        return s
    i, parts = 3, []
    while i < len(s) and s[i] != "E":
        m = re.match(r"\d+", s[i:])
        if not m:
            break
        n = int(m.group())
        i += len(m.group())
        p = s[i : i + n]
        i += n
        p = p[1:] if p.startswith("_$") else p
        for k, v in ESCAPES.items():
            p = p.replace(k, v)
        parts.append(p.replace("..", "::"))
    if parts and re.match(r"h[0-9a-f]{16}$", parts[-1]):
        parts.pop()
    return "::".join(parts)


def graph(wat):
    calls, roots, cur = collections.defaultdict(set), set(), None
    for line in open(wat):
        if line.startswith(" (func $"):
            cur = line.split()[1][1:]
        elif line.startswith(" (elem") or line.startswith(" (export"):
            roots.update(re.findall(r"\$([^\s\)]+)", line))
            cur = None
        elif cur and ("call $" in line or "ref.func $" in line):
            calls[cur].update(re.findall(r"(?:call|ref\.func) \$([^\s\)]+)", line))
    return calls, roots


def reach(calls, roots, banned):
    seen, stack = set(), [r for r in roots if not banned(r)]
    while stack:
        x = stack.pop()
        if x not in seen:
            seen.add(x)
            stack.extend(y for y in calls.get(x, ()) if y not in seen and not banned(y))
    return seen


def main():
    size = sizes(sys.argv[1])
    calls, roots = graph(sys.argv[2])
    pattern = re.compile(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    everything = reach(calls, roots, lambda n: False)
    print(f"reachable: {len(everything)} functions, {sum(size.get(n, 0) for n in everything)} B")
    kept = reach(calls, roots, lambda n: pattern.search(demangle(n)) is not None)
    gone = everything - kept
    print(f"only through /{sys.argv[3]}/: {len(gone)} functions, "
          f"{sum(size.get(n, 0) for n in gone)} B")
    by_name = collections.Counter()
    for n in gone:
        by_name[demangle(n)[:160]] += size.get(n, 0)
    for name, b in by_name.most_common(top):
        print(f"{b:8d}  {name}")


if __name__ == "__main__":
    main()
