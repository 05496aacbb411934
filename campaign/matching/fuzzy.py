"""Fuzzy name scores of many query names against every client name, in chunks.

Keys are pre-sorted token strings (campaign.matching.names), so ``fuzz.ratio`` with
``processor=None`` gives token-sort scores at full rapidfuzz speed. Two strings whose lengths
differ too much cannot reach the cutoff (ratio = 2·matches / total length), so queries are
grouped by length and compared only with the clients' keys in the reachable length window.
The score matrix is built at most ``CHUNK`` queries at a time as uint8, so 10,000 queries
against 50,000 clients never hold more than CHUNK x 50,000 bytes.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

CHUNK = 512
TOP = 5  # best clients kept per query name (proposals show five at most)


class NameTable:
    """Client name keys sorted by length, for windowed comparison."""

    def __init__(self, keys: list[str]) -> None:
        order = sorted(range(len(keys)), key=lambda i: len(keys[i]))
        self.positions = np.array(order, dtype=np.int64)
        self.keys = [keys[i] for i in order]
        self.lengths = np.array([len(k) for k in self.keys], dtype=np.int64)

    def window(self, length: int, cutoff: int) -> tuple[int, int]:
        """Slice of ``self.keys`` whose lengths can reach ``cutoff`` against a ``length``-long query."""
        ratio = cutoff / (200 - cutoff)  # shorter/longer must be at least this
        low = math.ceil(length * ratio - 1e-9)
        high = math.floor(length / ratio + 1e-9) if ratio else 10**9
        return (int(np.searchsorted(self.lengths, low, "left")), int(np.searchsorted(self.lengths, high, "right")))


def best_names(queries: list[str], table: NameTable, cutoff: int, top: int = TOP) -> dict[str, list[tuple[int, int]]]:
    """{query: [(client index, score), ...] best first} for scores >= ``cutoff``."""
    unique = sorted({q for q in queries if q})
    out: dict[str, list[tuple[int, int]]] = {q: [] for q in unique}
    by_length: dict[int, list[str]] = defaultdict(list)
    for query in unique:
        by_length[len(query)].append(query)
    for length, group in by_length.items():
        start_key, end_key = table.window(length, cutoff)
        if start_key >= end_key:
            continue
        keys = table.keys[start_key:end_key]
        for start in range(0, len(group), CHUNK):
            chunk = group[start:start + CHUNK]
            matrix = process.cdist(chunk, keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff,
                                   dtype=np.uint8, workers=-1)
            rows, cols = np.nonzero(matrix)
            if not len(rows):
                continue
            scores = matrix[rows, cols]
            order = np.lexsort((-scores.astype(np.int16), rows))
            clients = table.positions[cols[order] + start_key]
            for r, c, s in zip(rows[order].tolist(), clients.tolist(), scores[order].tolist()):
                kept = out[chunk[r]]
                if len(kept) < top:
                    kept.append((c, s))
    return out
