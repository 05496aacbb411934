"""Fuzzy name scores of many query names against every client name, in chunks.

Keys are pre-sorted token strings (campaign.names), so ``fuzz.ratio`` with
``processor=None`` gives token-sort scores at full rapidfuzz speed. Each distinct key is compared
once, however many clients bear it (a client file repeats names: the same person's or trade's
name in several files, MARTIN Jean, BOULANGERIE DU CENTRE). Two strings whose lengths differ too
much cannot reach the cutoff (ratio = 2·matches / total length), so queries are grouped by length
and compared only with the keys in the reachable length window. The score matrix is built at most
``CHUNK`` queries at a time as uint8, so 10,000 queries against 50,000 clients never hold more than
CHUNK x 50,000 bytes.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

CHUNK = 512
TOP = 5  # best clients kept per query name (proposals show five at most)


class NameTable:
    """The distinct client name keys sorted by length, for windowed comparison, and the clients
    bearing each (in the order of the client file)."""

    def __init__(self, keys: list[str], more: Sequence[tuple[str, int]] = ()) -> None:
        bearers: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            bearers.setdefault(key, []).append(i)
        for key, i in more:  # a client's other names (a couple's file: each partner's)
            bearers.setdefault(key, []).append(i)
        for key in {key for key, _ in more}:
            bearers[key].sort()  # (the file's order, which ties are broken by)
        self.keys = sorted(bearers, key=lambda k: (len(k), bearers[k][0]))
        self.clients = [bearers[k] for k in self.keys]
        self.lengths = np.array([len(k) for k in self.keys], dtype=np.int64)

    def window(self, length: int, cutoff: int) -> tuple[int, int]:
        """Slice of ``self.keys`` whose lengths can reach ``cutoff`` against a ``length``-long query."""
        ratio = cutoff / (200 - cutoff)  # shorter/longer must be at least this
        low = math.ceil(length * ratio - 1e-9)
        high = math.floor(length / ratio + 1e-9) if ratio else 10**9
        return (int(np.searchsorted(self.lengths, low, "left")), int(np.searchsorted(self.lengths, high, "right")))


def _hits(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero(matrix)`` for a uint8 matrix with few scores above the cutoff, a tenth of the cost.

    numpy's nonzero reads a uint8 matrix a byte at a time (1.4 ms for 20 x 30,000); read as 64-bit
    words, only the few words holding a score are opened. Same (rows, columns), in the same order.
    """
    flat = matrix.reshape(-1)
    whole = flat.size - flat.size % 8
    words = np.flatnonzero(flat[:whole].view(np.uint64))
    places = (words[:, None] * 8 + np.arange(8)).reshape(-1)
    places = places[flat[places] != 0]
    tail = np.flatnonzero(flat[whole:])
    if len(tail):
        places = np.concatenate((places, tail + whole))
    rows, cols = np.divmod(places, matrix.shape[1])
    return rows, cols


def best_names(queries: list[str], table: NameTable, cutoff: int, top: int = TOP) -> dict[str, list[tuple[int, int]]]:
    """{query: [(client index, score), ...] best first} for scores >= ``cutoff``; of equal scores,
    the shorter name first, then the client that comes first in the file."""
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
            rows, cols = _hits(matrix)
            if not len(rows):
                continue
            scores = matrix[rows, cols]
            hits: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
            for r, c, s in zip(rows.tolist(), (cols + start_key).tolist(), scores.tolist()):
                hits[r].append((-s, len(table.keys[c]), c))
            for r, found in hits.items():
                out[chunk[r]] = _best_clients(found, table, top)
    return out


def _best_clients(found: list[tuple[int, int, int]], table: NameTable, top: int) -> list[tuple[int, int]]:
    """The ``top`` (client, score) of the keys ``found`` as (-score, length, key place): best score
    first, then the shorter key, then the client first in the file."""
    found.sort()
    kept: list[tuple[int, int]] = []
    n = 0
    while n < len(found) and len(kept) < top:
        score, length = found[n][0], found[n][1]
        tied = []
        while n < len(found) and found[n][0] == score and found[n][1] == length:
            tied.append(table.clients[found[n][2]])
            n += 1
        # keys of one score and length: their clients in the file's order
        for client in heapq.merge(*tied) if len(tied) > 1 else tied[0]:
            kept.append((client, -score))
            if len(kept) == top:
                break
    return kept
