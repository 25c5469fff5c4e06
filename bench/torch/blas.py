"""Which BLAS library this torch process loaded, read from /proc/self/maps."""


def loaded_blas():
    names = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if "/" in line else ""
                base = path.rsplit("/", 1)[-1]
                if any(k in base for k in ("blas", "mkl", "lapack")):
                    names.add(path)
    except OSError:
        return "unknown"
    return ", ".join(sorted(names)) or "none found in /proc/self/maps"
