"""Time building the gazetteer from kg/data (best of five)."""

import time

from kg.extract.gazetteer import DATA_DIR, Gazetteer


def main() -> None:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        Gazetteer(DATA_DIR / "divisions.tsv", DATA_DIR / "province_short.tsv", DATA_DIR / "minorities.txt",
                  DATA_DIR / "city_abbreviations.tsv")
        times.append(time.perf_counter() - start)
    print(f"gazetteer load: best {min(times):.3f} s, median {sorted(times)[2]:.3f} s")


if __name__ == "__main__":
    main()
